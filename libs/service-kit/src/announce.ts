import type { EntityManager } from 'typeorm';
import type { EventType } from '@opora/event-contracts';
import { appendToOutbox } from '@opora/messaging';
import type { NewEvent } from '@opora/messaging';

import type { Actor } from './actor';

/**
 * The one way a service announces a change: the event goes into the outbox in the caller's
 * transaction (published if and only if the change commits), carrying the request id of the actor
 * who caused it so that the request can be followed across services.
 */
export async function announce<T extends EventType>(
  manager: EntityManager,
  actor: Actor,
  event: Omit<NewEvent<T>, 'requestId'>,
): Promise<void> {
  await appendToOutbox(manager, { ...event, requestId: actor.requestId } as NewEvent<T>);
}
