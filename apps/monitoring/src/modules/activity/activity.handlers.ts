import type { EntityManager } from 'typeorm';
import type { DomainEvent, EventData, EventType } from '@opora/event-contracts';
import { topicOf } from '@opora/event-contracts';
import type { EventHandler, EventHandlers } from '@opora/messaging';
import { registryProjectionHandlers } from '@opora/registry-projection';

import { applyEventsInBulk, isBulkEvent } from './activity.bulk';

/*
 * How each event of the agreements and events services changes the activity projection
 * (docs/decisions.md §67). Every handler is an upsert or a guarded update whose result does not
 * depend on the order of events of different aggregates (they travel in different partitions), so
 * a rebuild from offset zero into an empty database gives the same rows; the consumer's inbox drops
 * redeliveries.
 */

type Data<T extends EventType> = EventData<T>;

async function agreementEnded(
  manager: EntityManager,
  data: Data<'agreements.agreement.ended'>,
  outcome: 'COMPLETED' | 'TERMINATED' | 'ENDED',
  extra?: { partnerOrganizationIds: string[]; municipalityId: string },
) {
  // A conclusion has the same key (the agreement) and so arrived before; when it did not (a topic
  // trimmed by retention), the end still counts with what the end event says.
  await manager.query(
    `insert into act_agreement (id, leader_organization_id, partner_organization_ids, municipality_id, valid_from, ended_on, outcome)
     values ($1, $2, $3, $4, $5, $5, $6)
     on conflict (id) do update set ended_on = excluded.ended_on, outcome = excluded.outcome`,
    [
      data.agreementId,
      data.leaderOrganizationId,
      extra?.partnerOrganizationIds ?? [],
      extra?.municipalityId ?? '00000000-0000-0000-0000-000000000000',
      data.endedOn,
      outcome,
    ],
  );
}

async function planItemState(
  manager: EntityManager,
  data: {
    planItemId: string;
    planId: string;
    organizationId: string;
    municipalityId: string;
    activityKind?: string;
  },
  state: 'DONE' | 'CANCELLED' | 'PLANNED',
  doneOn: string | null,
) {
  // The item's plan may not have been agreed yet in this projection (another key, another
  // partition): the state is kept and the agreed plan fills in the kind and the planned date.
  await manager.query(
    `insert into act_plan_item (id, plan_id, organization_id, municipality_id, activity_kind, state, done_on)
     values ($1, $2, $3, $4, coalesce($5, 'OTHER'), $6, $7)
     on conflict (id) do update set state = excluded.state, done_on = excluded.done_on,
       activity_kind = coalesce($5, act_plan_item.activity_kind)`,
    [
      data.planItemId,
      data.planId,
      data.organizationId,
      data.municipalityId,
      data.activityKind ?? null,
      state,
      doneOn,
    ],
  );
}

async function eventState(
  manager: EntityManager,
  data: Data<'events.event.held'>,
  state: 'PLANNED' | 'HELD' | 'CANCELLED',
) {
  // «Planned» never undoes «held» or «cancelled» (a late planning event of a rescheduled event).
  await manager.query(
    `insert into act_event (id, kind, format, organizer_organization_id, municipality_id, agreement_id, starts_on, state)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (id) do update set kind = excluded.kind, format = excluded.format,
       organizer_organization_id = excluded.organizer_organization_id, municipality_id = excluded.municipality_id,
       agreement_id = excluded.agreement_id, starts_on = excluded.starts_on,
       state = case when excluded.state = 'PLANNED' then act_event.state else excluded.state end`,
    [
      data.eventId,
      data.kind,
      data.format,
      data.organizerOrganizationId,
      data.municipalityId,
      data.agreementId,
      data.startsAt.slice(0, 10),
      state,
    ],
  );
}

async function attendanceRecorded(manager: EntityManager, data: Data<'events.attendance.recorded'>) {
  // A later recording of the same event replaces the earlier one (it is the whole attendance).
  await manager.query(
    `insert into act_event (id, kind, format, organizer_organization_id, municipality_id, starts_on, state, participants, attended, hours)
     values ($1, $2, 'IN_PERSON', $3, $4, $5, 'HELD', $6, $7, $8)
     on conflict (id) do update set participants = excluded.participants, attended = excluded.attended, hours = excluded.hours`,
    [
      data.eventId,
      data.kind,
      data.organizerOrganizationId,
      data.municipalityId,
      data.heldOn,
      data.participants,
      data.attended,
      data.hours,
    ],
  );
  await manager.query(`delete from act_attendance where event_id = $1`, [data.eventId]);
  // One row per organization, however the recording lists it.
  const reached = new Map<string, { attended: number; hours: number }>();
  for (const b of data.byOrganization) {
    const sum = reached.get(b.organizationId) ?? { attended: 0, hours: 0 };
    reached.set(b.organizationId, { attended: sum.attended + b.attended, hours: sum.hours + b.hours });
  }
  if (reached.size)
    await manager.query(
      `insert into act_attendance (event_id, organization_id, kind, held_on, attended, hours)
       select $1, o, $2, $3, a, h from unnest($4::uuid[], $5::int[], $6::numeric[]) as t(o, a, h)`,
      [
        data.eventId,
        data.kind,
        data.heldOn,
        [...reached.keys()],
        [...reached.values()].map((r) => r.attended),
        [...reached.values()].map((r) => r.hours),
      ],
    );
}

/** The activity projection's handlers (agreements and events topics). */
export const activityHandlers: EventHandlers = {
  'agreements.agreement.concluded': async (event, manager) => {
    const d = event.data;
    await manager.query(
      `insert into act_agreement (id, leader_organization_id, partner_organization_ids, municipality_id, valid_from, valid_to, outcome)
       values ($1, $2, $3, $4, $5, $6, 'ACTIVE')
       on conflict (id) do update set leader_organization_id = excluded.leader_organization_id,
         partner_organization_ids = excluded.partner_organization_ids, municipality_id = excluded.municipality_id,
         valid_from = excluded.valid_from, valid_to = excluded.valid_to`,
      [
        d.agreementId,
        d.leaderOrganizationId,
        d.partnerOrganizationIds ?? [d.partnerOrganizationId],
        d.municipalityId,
        d.validFrom,
        d.validTo,
      ],
    );
  },
  'agreements.agreement.ended': (event, manager) => agreementEnded(manager, event.data, 'ENDED'),
  'agreements.agreement.completed': (event, manager) =>
    agreementEnded(manager, event.data, 'COMPLETED', event.data),
  'agreements.agreement.terminated': (event, manager) =>
    agreementEnded(manager, event.data, 'TERMINATED', event.data),
  'agreements.plan.agreed': async (event, manager) => {
    const d = event.data;
    // The agreed version's items are the plan now: items of earlier versions still only planned go.
    await manager.query(
      `delete from act_plan_item where plan_id = $1 and state = 'PLANNED' and not (id = any($2::uuid[]))`,
      [d.planId, d.items.map((i) => i.planItemId)],
    );
    if (d.items.length)
      await manager.query(
        `insert into act_plan_item (id, plan_id, organization_id, municipality_id, activity_kind, planned_on, state)
         select i, $1, $2, $3, k, p, 'PLANNED' from unnest($4::uuid[], $5::text[], $6::date[]) as t(i, k, p)
         on conflict (id) do update set plan_id = excluded.plan_id, organization_id = excluded.organization_id,
           municipality_id = excluded.municipality_id, activity_kind = excluded.activity_kind, planned_on = excluded.planned_on`,
        [
          d.planId,
          d.organizationId,
          d.municipalityId,
          d.items.map((i) => i.planItemId),
          d.items.map((i) => i.activityKind),
          d.items.map((i) => i.plannedOn),
        ],
      );
  },
  'agreements.plan-item.done': (event, manager) =>
    planItemState(manager, event.data, 'DONE', event.data.doneOn),
  'agreements.plan-item.cancelled': (event, manager) => planItemState(manager, event.data, 'CANCELLED', null),
  'agreements.plan-item.reopened': (event, manager) => planItemState(manager, event.data, 'PLANNED', null),
  'agreements.mentorship.started': async (event, manager) => {
    const d = event.data;
    await manager.query(
      `insert into act_mentorship (id, tutor_organization_id, mentee_organization_id, municipality_id, started_on)
       values ($1, $2, $3, $4, $5) on conflict (id) do update set started_on = excluded.started_on`,
      [d.mentorshipId, d.tutorOrganizationId, d.menteeOrganizationId, d.municipalityId, d.startedOn],
    );
  },
  'agreements.mentorship.ended': async (event, manager) => {
    const d = event.data;
    await manager.query(
      `insert into act_mentorship (id, tutor_organization_id, mentee_organization_id, municipality_id, ended_on)
       values ($1, $2, $3, $4, $5) on conflict (id) do update set ended_on = excluded.ended_on`,
      [d.mentorshipId, d.tutorOrganizationId, d.menteeOrganizationId, d.municipalityId, d.endedOn],
    );
  },
  'events.event.planned': (event, manager) => eventState(manager, event.data, 'PLANNED'),
  'events.event.held': (event, manager) => eventState(manager, event.data, 'HELD'),
  'events.event.cancelled': (event, manager) => eventState(manager, event.data, 'CANCELLED'),
  'events.attendance.recorded': (event, manager) => attendanceRecorded(manager, event.data),
  'events.material.published': async (event, manager) => {
    const d = event.data;
    await manager.query(
      `insert into act_material (id, organization_id, municipality_id, kind, published_on) values ($1, $2, $3, $4, $5)
       on conflict (id) do update set organization_id = excluded.organization_id, kind = excluded.kind, published_on = excluded.published_on`,
      [d.materialId, d.organizationId, d.municipalityId, d.kind, d.publishedOn],
    );
  },
  'events.feedback.given': async (event, manager) => {
    const d = event.data;
    await manager.query(
      `insert into act_feedback (id, event_id, organizer_organization_id, rating) values ($1, $2, $3, $4)
       on conflict (id) do update set rating = excluded.rating`,
      [d.feedbackId, d.eventId, d.organizerOrganizationId, d.rating],
    );
  },
};

const projectionHandlers: EventHandlers = { ...registryProjectionHandlers, ...activityHandlers };

/**
 * Every projection of the service, applied a batch at a time (the consumer's `handleBatch`): the
 * registry projection of @opora/registry-projection (not written again here) and the activity
 * projection, event by event in partition order, then the freshness of each source topic moved
 * once for the batch, in the same transaction (§70). Events of types no projection reads are
 * counted as reflected. A failing batch is applied again event by event by the consumer.
 */
export async function applyProjectionBatch(events: DomainEvent[], manager: EntityManager): Promise<void> {
  const sources = new Map<string, { count: number; newest: string }>();
  // The events service's frequent events first, one statement per kind for the batch; the rest
  // (other tables, other aggregates) one by one in partition order.
  await applyEventsInBulk(events.filter(isBulkEvent), manager);
  for (const event of events) {
    const handler = isBulkEvent(event)
      ? undefined
      : (projectionHandlers[event.type] as EventHandler | undefined);
    await handler?.(event, manager);
    const topic = topicOf(event.source);
    const seen = sources.get(topic);
    sources.set(topic, {
      count: (seen?.count ?? 0) + 1,
      newest: seen && seen.newest > event.occurredAt ? seen.newest : event.occurredAt,
    });
  }
  for (const [topic, { count, newest }] of sources)
    await manager.query(
      `insert into source_position (topic, last_event_at, last_applied_at, events_applied) values ($1, $2, now(), $3)
       on conflict (topic) do update set last_event_at = greatest(source_position.last_event_at, excluded.last_event_at),
         last_applied_at = now(), events_applied = source_position.events_applied + excluded.events_applied`,
      [topic, newest, count],
    );
}
