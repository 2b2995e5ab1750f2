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
  const contract = eventCatalogue[event.type];
  const data = contract.data.parse(event.data) as EventData<T>;
  const envelope = {
    id: randomUUID(),
    type: event.type,
    version: contract.version,
    occurredAt: new Date().toISOString(),
    source: contract.source,
    subject: event.subject,
    regionCode: event.regionCode,
    data,
  } as DomainEvent<T>;
  const headers = event.requestId ? { 'x-request-id': event.requestId } : {};
  await manager.query(
    `insert into outbox (event_id, topic, message_key, event_type, payload, headers) values ($1, $2, $3, $4, $5, $6)`,
    [
      envelope.id,
      topicOf(contract.source),
      event.subject,
      event.type,
      JSON.stringify(envelope),
      JSON.stringify(headers),
    ],
  );
  await manager.query(`select pg_notify($1, '')`, [OUTBOX_CHANNEL]);
  return envelope;
}
