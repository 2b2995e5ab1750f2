import { randomUUID } from 'node:crypto';

import type { EntityManager } from 'typeorm';
import { eventCatalogue, topicOf } from '@opora/event-contracts';
import type { DomainEvent, EventData, EventType } from '@opora/event-contracts';

/** PostgreSQL channel the outbox relay listens on. */
export const OUTBOX_CHANNEL = 'opora_outbox';

export interface NewEvent<T extends EventType> {
  type: T;
  subject: string;
  regionCode: string;
  data: EventData<T>;
  /** Carried into Kafka headers so a request can be followed across services. */
  requestId?: string;
}

/**
 * Writes an event into the outbox inside the caller's transaction: it is published if and only
 * if the transaction commits. The payload is checked against the catalogue first, so a malformed
 * event fails the transaction instead of reaching consumers. NOTIFY is delivered on commit and
 * wakes the relay; a rolled-back transaction notifies nobody.
 */
export async function appendToOutbox<T extends EventType>(
  manager: EntityManager,
  event: NewEvent<T>,
): Promise<DomainEvent<T>> {
  const [envelope] = await appendManyToOutbox(manager, [event]);
  return envelope as DomainEvent<T>;
}

/**
 * Same guarantees as appendToOutbox for many events at once (bulk imports): one INSERT per
 * 1,000 events from arrays (`unnest`) and one NOTIFY, instead of two statements per event.
 * Events keep their order (the relay publishes by outbox position).
 */
export async function appendManyToOutbox(
  manager: EntityManager,
  events: NewEvent<EventType>[],
): Promise<DomainEvent[]> {
  const envelopes = events.map(toEnvelope);
  for (let start = 0; start < events.length; start += OUTBOX_CHUNK) {
    const chunk = events.slice(start, start + OUTBOX_CHUNK);
    const chunkEnvelopes = envelopes.slice(start, start + OUTBOX_CHUNK);
    await manager.query(
      `insert into outbox (event_id, topic, message_key, event_type, payload, headers)
       select id, topic, key, type, payload, headers
       from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::jsonb[])
         with ordinality as e (id, topic, key, type, payload, headers, position)
       order by position`,
      [
        chunkEnvelopes.map((e) => e.id),
        chunkEnvelopes.map((e) => topicOf(e.source)),
        chunk.map((e) => e.subject),
        chunk.map((e) => e.type),
        chunkEnvelopes.map((e) => JSON.stringify(e)),
        chunk.map((e) => JSON.stringify(e.requestId ? { 'x-request-id': e.requestId } : {})),
      ],
    );
  }
  if (events.length) await manager.query(`select pg_notify($1, '')`, [OUTBOX_CHANNEL]);
  return envelopes;
}

const OUTBOX_CHUNK = 1000;

function toEnvelope(event: NewEvent<EventType>): DomainEvent {
  const contract = eventCatalogue[event.type];
  return {
    id: randomUUID(),
    type: event.type,
    version: contract.version,
    occurredAt: new Date().toISOString(),
    source: contract.source,
    subject: event.subject,
    regionCode: event.regionCode,
    data: contract.data.parse(event.data),
  } as DomainEvent;
}
