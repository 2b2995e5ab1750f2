import type { EntityManager } from 'typeorm';
import type { EventType } from '@opora/event-contracts';
import { appendManyToOutbox, appendToOutbox } from '@opora/messaging';
import type { NewEvent } from '@opora/messaging';

import type { Actor } from './actor';

/** An event as a service announces it: the request id comes from the actor, never by hand. */
export type Announcement<T extends EventType = EventType> = Omit<NewEvent<T>, 'requestId'>;

/**
 * The one way a service announces a change: the event goes into the outbox in the caller's
 * transaction (published if and only if the change commits), carrying the request id of the actor
 * who caused it so that the request can be followed across services.
 */
export async function announce<T extends EventType>(
  manager: EntityManager,
  actor: Actor,
  event: Announcement<T>,
): Promise<void> {
  await appendToOutbox(manager, { ...event, requestId: actor.requestId } as NewEvent<T>);
}

/**
 * `announce` for many changes of one actor at once (bulk imports): the same guarantees, in a few
 * statements instead of two per event, the events kept in their order.
 */
export async function announceAll(
  manager: EntityManager,
  actor: Actor,
  events: readonly Announcement[],
): Promise<void> {
  if (events.length === 0) return;
  await appendManyToOutbox(
    manager,
    events.map((event) => ({ ...event, requestId: actor.requestId }) as NewEvent<EventType>),
  );
}
