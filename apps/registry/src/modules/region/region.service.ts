import { randomUUID } from 'node:crypto';

import type { DataSource } from 'typeorm';
import { inTransaction } from '@opora/database';
import { announce } from '@opora/service-kit';
import type { Actor } from '@opora/service-kit';

import { RegionEntity } from './region.entity';
import { RegionError } from './region.errors';
import type { CreateRegionInput } from './region.inputs';

export class RegionService {
  constructor(private readonly dataSource: DataSource) {}

  /** Registers a region and announces `registry.region.created` in the same transaction. */
  create(input: CreateRegionInput, actor: Actor): Promise<RegionEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const repository = manager.getRepository(RegionEntity);
      if (await repository.exists({ where: { code: input.code } })) {
        throw new RegionError(
          'REGION_CODE_TAKEN',
          `Регион с кодом ${input.code} уже зарегистрирован`,
          'input.code',
        );
      }
      const region = await repository.save(repository.create({ id: randomUUID(), ...input }));
      await announce(manager, actor, {
        type: 'registry.region.created',
        subject: region.id,
        regionCode: region.code,
        data: { regionId: region.id, code: region.code, name: region.name, timeZone: region.timeZone },
      });
      return region;
    });
  }

  byCode(code: string): Promise<RegionEntity | null> {
    return this.dataSource.getRepository(RegionEntity).findOneBy({ code });
  }

  list(): Promise<RegionEntity[]> {
    return this.dataSource.getRepository(RegionEntity).find({ order: { code: 'ASC' } });
  }
}
