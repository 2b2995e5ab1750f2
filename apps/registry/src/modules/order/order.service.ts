import { randomUUID } from 'node:crypto';

import type { DataSource } from 'typeorm';
import { inTransaction } from '@opora/database';
import type { Actor } from '@opora/service-kit';
import { announce } from '@opora/service-kit';
import { recordAudit } from '@opora/service-kit';
import { mapConstraintViolations } from '@opora/service-kit';
import { paginate } from '@opora/subgraph-server';
import type { Connection, PageArgs } from '@opora/subgraph-server';

import { OrganizationEntity } from '../organization/organization.entity';
import { regionCodeOf } from '../region/region-access';
import { AdministrativeOrderEntity } from './order.entity';
import { OrderError } from './order.errors';
import type { IssueOrderInput, OrdersFilter } from './order.inputs';

const numberTaken = (input: IssueOrderInput) =>
  new OrderError(
    'ORDER_NUMBER_TAKEN',
    `Документ № ${input.number} от ${input.issuedOn} этой организации уже внесён в реестр`,
    'input.number',
  );

/** Today in UTC+14, the latest calendar date anywhere: an order cannot be dated after it. */
const latestDateOnEarth = () => new Date(Date.now() + 14 * 3600_000).toISOString().slice(0, 10);

export class OrderService {
  constructor(private readonly dataSource: DataSource) {}

  /** Records an order as issued and announces `registry.order.issued`. */
  issue(input: IssueOrderInput, actor: Actor): Promise<AdministrativeOrderEntity> {
    if (input.issuedOn > latestDateOnEarth())
      throw new OrderError('ORDER_DATE_IN_FUTURE', 'Дата документа ещё не наступила', 'input.issuedOn');
    return mapConstraintViolations(
      () =>
        inTransaction(this.dataSource, async (manager) => {
          const issuer = await manager.getRepository(OrganizationEntity).findOneBy({ id: input.issuerId });
          if (!issuer)
            throw new OrderError(
              'ISSUER_NOT_FOUND',
              'Организация, издавшая документ, не найдена',
              'input.issuerId',
            );
          const repository = manager.getRepository(AdministrativeOrderEntity);
          if (
            await repository.exists({
              where: { issuerId: issuer.id, number: input.number, issuedOn: input.issuedOn },
            })
          )
            throw numberTaken(input);
          const order = await repository.save(
            repository.create({
              id: randomUUID(),
              regionId: issuer.regionId,
              municipalityId: issuer.municipalityId,
              createdBy: actor.subject,
              ...input,
            }),
          );
          await announce(manager, actor, {
            regionCode: await regionCodeOf(manager, issuer.regionId),
            type: 'registry.order.issued',
            subject: order.id,
            data: {
              orderId: order.id,
              issuerId: issuer.id,
              municipalityId: issuer.municipalityId,
              kind: order.kind,
              number: order.number,
              issuedOn: order.issuedOn,
              title: order.title,
            },
          });
          await recordAudit(manager, {
            organizationId: issuer.id,
            entityType: 'ORDER',
            entityId: order.id,
            action: 'ISSUED',
            actor,
            changes: { kind: order.kind, number: order.number, issuedOn: order.issuedOn, title: order.title },
          });
          return order;
        }),
      { administrative_order_number: () => numberTaken(input) },
    );
  }

  /** Orders by region, municipality, issuer and date, newest first. */
  list(
    filter: OrdersFilter,
    page: PageArgs,
    scope: { sql: string; params: Record<string, string> } | null,
  ): Promise<Connection<AdministrativeOrderEntity>> {
    const query = this.dataSource.getRepository(AdministrativeOrderEntity).createQueryBuilder('d');
    if (scope) query.andWhere(scope.sql, scope.params);
    if (filter.regionId) query.andWhere('d.region_id = :regionId', { regionId: filter.regionId });
    if (filter.municipalityId)
      query.andWhere('d.municipality_id = :municipalityId', { municipalityId: filter.municipalityId });
    if (filter.issuerId) query.andWhere('d.issuer_id = :issuerId', { issuerId: filter.issuerId });
    if (filter.issuedFrom) query.andWhere('d.issued_on >= :issuedFrom', { issuedFrom: filter.issuedFrom });
    if (filter.issuedTo) query.andWhere('d.issued_on <= :issuedTo', { issuedTo: filter.issuedTo });
    return paginate(query, page, { column: 'd.issued_on', value: (d) => d.issuedOn, direction: 'DESC' });
  }
}
