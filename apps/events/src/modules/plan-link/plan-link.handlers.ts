import type { EntityManager } from 'typeorm';
import type { EventData } from '@opora/event-contracts';
import type { EventHandlers } from '@opora/messaging';

import { PlanItemRefEntity } from './plan-item-ref.entity';

/**
 * An agreed version of a plan: its items are the plan now (000 §3.4). Items of an older version
 * left out of this one are withdrawn; a redelivered or older version changes nothing, so the
 * projection depends only on the events applied, in any replay.
 */
export async function planAgreed(manager: EntityManager, data: EventData<'agreements.plan.agreed'>): Promise<void> {
  const current: { v: number | null }[] = await manager.query(
    `select max(plan_version) as v from plan_item_ref where plan_id = $1`,
    [data.planId],
  );
  if (current[0].v !== null && Number(current[0].v) > data.version) return;
  const repository = manager.getRepository(PlanItemRefEntity);
  if (data.items.length)
    await repository.upsert(
      data.items.map((item) => ({
        id: item.planItemId,
        planId: data.planId,
        planVersion: data.version,
        agreementId: data.ownerKind === 'AGREEMENT' ? data.ownerId : null,
        organizationId: data.organizationId,
        municipalityId: data.municipalityId,
        activityKind: item.activityKind,
        topic: item.topic,
        plannedOn: item.plannedOn,
        state: 'AGREED' as const,
      })),
      ['id'],
    );
  await manager.query(
    `update plan_item_ref set state = 'WITHDRAWN' where plan_id = $1 and plan_version < $2 and state = 'AGREED'`,
    [data.planId, data.version],
  );
}

/** The agreements service's events this service reads: which plan items an event may fulfil. */
export const planLinkHandlers: EventHandlers = {
  'agreements.plan.agreed': (event, manager) => planAgreed(manager, event.data),
  'agreements.plan-item.cancelled': async (event, manager) => {
    await manager.getRepository(PlanItemRefEntity).update({ id: event.data.planItemId }, { state: 'CANCELLED' });
  },
};
