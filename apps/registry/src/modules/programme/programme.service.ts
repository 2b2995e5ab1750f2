import { randomUUID } from 'node:crypto';

import type { DataSource } from 'typeorm';
import { inTransaction } from '@opora/database';

import type { Actor } from '@opora/service-kit';
import { announce } from '@opora/service-kit';
import { recordAudit } from '@opora/service-kit';
import { assertAuthorityCovers } from '../order/jurisdiction';
import { AdministrativeOrderEntity } from '../order/order.entity';
import { OrganizationEntity } from '../organization/organization.entity';
import { regionCodeOf } from '../region/region-access';
import { ProgrammeEntity } from './programme.entity';
import { ProgrammeError } from './programme.errors';
import type { ApproveProgrammeInput } from './programme.inputs';

export class ProgrammeService {
  constructor(private readonly dataSource: DataSource) {}

  /** Records a programme (project) approved by an authority, and announces `registry.programme.approved`. */
  approve(input: ApproveProgrammeInput, actor: Actor): Promise<ProgrammeEntity> {
    if (input.endsOn < input.startsOn)
      throw new ProgrammeError(
        'PROGRAMME_PERIOD_INVALID',
        'Окончание программы раньше её начала',
        'input.endsOn',
      );
    return inTransaction(this.dataSource, async (manager) => {
      const owner = await manager.getRepository(OrganizationEntity).findOneBy({ id: input.ownerId });
      if (!owner)
        throw new ProgrammeError(
          'OWNER_NOT_FOUND',
          'Организация-владелец программы не найдена',
          'input.ownerId',
        );
      if (owner.kind !== 'EDUCATION_AUTHORITY')
        throw new ProgrammeError(
          'OWNER_NOT_AUTHORITY',
          'Программу (проект) утверждает и ведёт орган управления образованием',
          'input.ownerId',
        );
      if (input.approvingOrderId) {
        const order = await manager
          .getRepository(AdministrativeOrderEntity)
          .findOneBy({ id: input.approvingOrderId });
        if (!order)
          throw new ProgrammeError('ORDER_NOT_FOUND', 'Документ не найден', 'input.approvingOrderId');
        const issuer = await manager
          .getRepository(OrganizationEntity)
          .findOneByOrFail({ id: order.issuerId });
        assertAuthorityCovers(issuer, owner, 'input.approvingOrderId');
      }
      const repository = manager.getRepository(ProgrammeEntity);
      const programme = await repository.save(
        repository.create({
          id: randomUUID(),
          regionId: owner.regionId,
          municipalityId: owner.municipalityId,
          state: 'ACTIVE',
          endedOn: null,
          endingOrderId: null,
          createdBy: actor.subject,
          ...input,
        }),
      );
      await announce(manager, actor, {
        regionCode: await regionCodeOf(manager, owner.regionId),
        type: 'registry.programme.approved',
        subject: programme.id,
        data: {
          programmeId: programme.id,
          ownerId: owner.id,
          approvingOrderId: programme.approvingOrderId,
          name: programme.name,
          startsOn: programme.startsOn,
          endsOn: programme.endsOn,
        },
      });
      await recordAudit(manager, {
        organizationId: owner.id,
        entityType: 'PROGRAMME',
        entityId: programme.id,
        action: 'APPROVED',
        actor,
        changes: { ...input },
      });
      return programme;
    });
  }
}
