import { randomUUID } from 'node:crypto';

import type { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '@opora/database';
import type { Actor } from '@opora/service-kit';
import { announce } from '@opora/service-kit';

import { nameKey } from '@opora/service-kit';
import { RegionEntity } from '../region/region.entity';
import { MunicipalityEntity } from './municipality.entity';
import { MunicipalityError } from './municipality.errors';
import type { CreateMunicipalityInput } from './municipality.inputs';

export class MunicipalityService {
  constructor(private readonly dataSource: DataSource) {}

  /** Registers a municipality and announces `registry.municipality.created` in the same transaction. */
  create(input: CreateMunicipalityInput, actor: Actor): Promise<MunicipalityEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const region = await manager.getRepository(RegionEntity).findOneBy({ id: input.regionId });
      if (!region) throw new MunicipalityError('REGION_NOT_FOUND', 'Регион не найден', 'input.regionId');
      const repository = manager.getRepository(MunicipalityEntity);
      const key = nameKey(input.name);
      if (await repository.exists({ where: { regionId: region.id, nameKey: key } })) {
        throw new MunicipalityError(
          'MUNICIPALITY_NAME_TAKEN',
          `В регионе уже есть «${input.name}»`,
          'input.name',
        );
      }
      return insertMunicipality(manager, region, { name: input.name, oktmo: input.oktmo }, actor);
    });
  }
}

/**
 * Writes a municipality and its `registry.municipality.created` event in the caller's
 * transaction (registration and bulk import of organizations share it); the name is not checked.
 */
export async function insertMunicipality(
  manager: EntityManager,
  region: RegionEntity,
  input: { name: string; oktmo: string | null },
  actor: Actor,
): Promise<MunicipalityEntity> {
  const repository = manager.getRepository(MunicipalityEntity);
  const municipality = await repository.save(
    repository.create({
      id: randomUUID(),
      regionId: region.id,
      name: input.name,
      nameKey: nameKey(input.name),
      oktmo: input.oktmo,
    }),
  );
  await announce(manager, actor, {
    type: 'registry.municipality.created',
    subject: municipality.id,
    regionCode: region.code,
    data: {
      municipalityId: municipality.id,
      regionId: region.id,
      name: municipality.name,
      oktmo: municipality.oktmo,
    },
  });
  return municipality;
}
