import type { EntityManager } from 'typeorm';
import type { DomainEvent, EventData } from '@opora/event-contracts';

/*
 * The events service's most frequent events applied a batch at a time (docs/decisions.md §68):
 * per event of the batch, its final state (the last of planned/held/cancelled, «planned» never
 * undoing a later state) and its last attendance recording, each written with one statement for
 * the whole batch. Within a partition an event's planning, holding and attendance keep their order
 * (one key), so folding them gives what applying them one by one gives.
 */

type StateEvent = DomainEvent<'events.event.planned' | 'events.event.held' | 'events.event.cancelled'>;
type Attendance = EventData<'events.attendance.recorded'>;

const stateOf = {
  'events.event.planned': 'PLANNED',
  'events.event.held': 'HELD',
  'events.event.cancelled': 'CANCELLED',
} as const;

export function isBulkEvent(
  event: DomainEvent,
): event is StateEvent | DomainEvent<'events.attendance.recorded'> {
  return event.type in stateOf || event.type === 'events.attendance.recorded';
}

export async function applyEventsInBulk(events: DomainEvent[], manager: EntityManager): Promise<void> {
  const states = new Map<
    string,
    { data: EventData<'events.event.held'>; state: 'PLANNED' | 'HELD' | 'CANCELLED' }
  >();
  const attendance = new Map<string, Attendance>();
  for (const event of events) {
    if (event.type === 'events.attendance.recorded') attendance.set(event.data.eventId, event.data);
    else if (event.type in stateOf) {
      const e = event as StateEvent;
      const previous = states.get(e.data.eventId);
      const next = stateOf[e.type];
      states.set(e.data.eventId, {
        data: e.data,
        state: next === 'PLANNED' && previous ? previous.state : next,
      });
    }
  }
  if (states.size) {
    const rows = [...states.values()];
    await manager.query(
      `insert into act_event (id, kind, format, organizer_organization_id, municipality_id, agreement_id, starts_on, state)
       select * from unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::uuid[], $6::uuid[], $7::date[], $8::text[])
       on conflict (id) do update set kind = excluded.kind, format = excluded.format,
         organizer_organization_id = excluded.organizer_organization_id, municipality_id = excluded.municipality_id,
         agreement_id = excluded.agreement_id, starts_on = excluded.starts_on,
         state = case when excluded.state = 'PLANNED' then act_event.state else excluded.state end`,
      [
        rows.map((r) => r.data.eventId),
        rows.map((r) => r.data.kind),
        rows.map((r) => r.data.format),
        rows.map((r) => r.data.organizerOrganizationId),
        rows.map((r) => r.data.municipalityId),
        rows.map((r) => r.data.agreementId),
        rows.map((r) => r.data.startsAt.slice(0, 10)),
        rows.map((r) => r.state),
      ],
    );
  }
  if (attendance.size) {
    const rows = [...attendance.values()];
    await manager.query(
      `insert into act_event (id, kind, format, organizer_organization_id, municipality_id, starts_on, state, participants, attended, hours)
       select e, k, 'IN_PERSON', o, m, d, 'HELD', p, a, h
         from unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::date[], $6::int[], $7::int[], $8::numeric[]) as t(e, k, o, m, d, p, a, h)
       on conflict (id) do update set participants = excluded.participants, attended = excluded.attended, hours = excluded.hours`,
      [
        rows.map((r) => r.eventId),
        rows.map((r) => r.kind),
        rows.map((r) => r.organizerOrganizationId),
        rows.map((r) => r.municipalityId),
        rows.map((r) => r.heldOn),
        rows.map((r) => r.participants),
        rows.map((r) => r.attended),
        rows.map((r) => r.hours),
      ],
    );
    await manager.query(`delete from act_attendance where event_id = any($1::uuid[])`, [
      rows.map((r) => r.eventId),
    ]);
    // One row per event and organization, however a recording lists it.
    const reached = new Map<
      string,
      {
        eventId: string;
        organizationId: string;
        kind: string;
        heldOn: string;
        attended: number;
        hours: number;
      }
    >();
    for (const r of rows)
      for (const b of r.byOrganization) {
        const key = `${r.eventId}|${b.organizationId}`;
        const sum = reached.get(key);
        reached.set(key, {
          eventId: r.eventId,
          organizationId: b.organizationId,
          kind: r.kind,
          heldOn: r.heldOn,
          attended: (sum?.attended ?? 0) + b.attended,
          hours: (sum?.hours ?? 0) + b.hours,
        });
      }
    if (reached.size) {
      const list = [...reached.values()];
      await manager.query(
        `insert into act_attendance (event_id, organization_id, kind, held_on, attended, hours)
         select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::date[], $5::int[], $6::numeric[])`,
        [
          list.map((r) => r.eventId),
          list.map((r) => r.organizationId),
          list.map((r) => r.kind),
          list.map((r) => r.heldOn),
          list.map((r) => r.attended),
          list.map((r) => r.hours),
        ],
      );
    }
  }
}
