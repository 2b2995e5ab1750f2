import { randomUUID } from 'node:crypto';

import type { DataSource } from 'typeorm';
import { inTransaction } from '@opora/database';
import { ProjectedOrganization } from '@opora/registry-projection';
import { announce } from '@opora/service-kit';
import type { Actor } from '@opora/service-kit';
import { DomainError } from '@opora/subgraph-server';

import { EventEntity } from '../event/event.entity';
import { regionCodeOf } from '../organization/organization.access';
import { PlanItemRefEntity } from '../plan-link/plan-item-ref.entity';
import { MaterialEntity } from './material.entity';
import type { PublishMaterialInput } from './material.inputs';

export class MaterialError extends DomainError<'ORGANIZATION_NOT_FOUND' | 'EVENT_NOT_FOUND' | 'PLAN_ITEM_NOT_FOUND'> {}

export class MaterialService {
  constructor(private readonly dataSource: DataSource) {}

  /** Publishes a methodological material of an organization; announces events.material.published. */
  publish(input: PublishMaterialInput, actor: Actor): Promise<MaterialEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const organization = await manager.getRepository(ProjectedOrganization).findOneBy({ id: input.organizationId });
      if (!organization)
        throw new MaterialError('ORGANIZATION_NOT_FOUND', 'Организация не найдена в реестре', 'input.organizationId');
      if (input.eventId && !(await manager.getRepository(EventEntity).existsBy({ id: input.eventId })))
        throw new MaterialError('EVENT_NOT_FOUND', 'Мероприятие не найдено', 'input.eventId');
      if (input.planItemId && !(await manager.getRepository(PlanItemRefEntity).existsBy({ id: input.planItemId })))
        throw new MaterialError('PLAN_ITEM_NOT_FOUND', 'Пункт плана не найден', 'input.planItemId');
      const repository = manager.getRepository(MaterialEntity);
      const material = await repository.save(
        repository.create({
          id: randomUUID(),
          title: input.title,
          kind: input.kind,
          authors: input.authors,
          link: input.link,
          fileName: input.file?.name ?? null,
          fileSize: input.file?.size ?? null,
          mediaType: input.file?.mediaType ?? null,
          publishedOn: input.publishedOn,
          eventId: input.eventId,
          planItemId: input.planItemId,
          organizationId: organization.id,
          regionId: organization.regionId,
          municipalityId: organization.municipalityId,
          createdBy: actor.subject,
        }),
      );
      await announce(manager, actor, {
        regionCode: await regionCodeOf(manager, organization.regionId),
        type: 'events.material.published',
        subject: material.id,
        data: {
          materialId: material.id,
          organizationId: organization.id,
          municipalityId: organization.municipalityId,
          kind: material.kind,
          publishedOn: material.publishedOn,
          eventId: material.eventId,
          planItemId: material.planItemId,
        },
      });
      return material;
    });
  }
}
