import { randomUUID } from 'node:crypto';

import type { DataSource } from 'typeorm';
import { inTransaction } from '@opora/database';
import { appendToOutbox } from '@opora/messaging';

import { MunicipalityEntity } from '../municipality/municipality.entity';
import { RegionEntity } from '../region/region.entity';
import { OrganizationEntity } from './organization.entity';
import { OrganizationError } from './organization.errors';
import type { RegisterOrganizationInput } from './organization.inputs';

export class OrganizationService {
  constructor(private readonly dataSource: DataSource) {}

  /** Registers an organization and announces `registry.organization.created` in the same transaction. */
  register(input: RegisterOrganizationInput, requestId?: string): Promise<OrganizationEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const municipality = await manager
        .getRepository(MunicipalityEntity)
        .findOneBy({ id: input.municipalityId });
      if (!municipality) {
        throw new OrganizationError(
          'MUNICIPALITY_NOT_FOUND',
          'Муниципальное образование не найдено',
          'input.municipalityId',
        );
      }
      const region = await manager.getRepository(RegionEntity).findOneByOrFail({ id: municipality.regionId });
      const repository = manager.getRepository(OrganizationEntity);
      if (input.ogrn && (await repository.exists({ where: { ogrn: input.ogrn } }))) {
        throw new OrganizationError(
          'OGRN_TAKEN',
          `Организация с ОГРН ${input.ogrn} уже есть в реестре`,
          'input.ogrn',
        );
      }
      if (input.inn && (await repository.exists({ where: { inn: input.inn } }))) {
        throw new OrganizationError(
          'INN_TAKEN',
          `Организация с ИНН ${input.inn} уже есть в реестре`,
          'input.inn',
        );
      }
      const organization = await repository.save(
        repository.create({ id: randomUUID(), regionId: region.id, ...input }),
      );
      await appendToOutbox(manager, {
        type: 'registry.organization.created',
        subject: organization.id,
        regionCode: region.code,
        data: {
          organizationId: organization.id,
          municipalityId: municipality.id,
          regionId: region.id,
          kind: organization.kind,
          fullName: organization.fullName,
          shortName: organization.shortName,
          inn: organization.inn,
          ogrn: organization.ogrn,
        },
        requestId,
      });
      return organization;
    });
  }
}
