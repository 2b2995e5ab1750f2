import type { DataSource } from 'typeorm';
import { topicOf } from '@opora/event-contracts';
import type { EventType } from '@opora/event-contracts';
import type { Logger } from '@opora/logger';
import { IdempotentConsumer } from '@opora/messaging';
import type { EventHandler, EventHandlers, Kafka } from '@opora/messaging';

import { registryProjectionHandlers } from './projection.handlers';

export interface RegistryProjectionConsumerOptions {
  kafka: Kafka;
  dataSource: DataSource;
  logger: Logger;
  /** The service's own group, e.g. `agreements.registry-projection`: offsets and inbox are per group. */
  groupId: string;
  /** Default: the registry's topic. */
  topic?: string;
  partitions?: number;
  replicationFactor?: number;
  /**
   * The service's own reactions to registry events, run after the projection has applied the
   * event, in the same transaction (e.g. the agreements service ends an agreement when a party's
   * status ends). They must be idempotent and depend only on the projection and the service's rows.
   */
  reactions?: EventHandlers;
}

/** The projection's handlers followed by the service's reactions, event type by event type. */
export function withReactions(reactions: EventHandlers = {}): EventHandlers {
  const handlers = Object.assign({}, registryProjectionHandlers) as Record<string, EventHandler<EventType>>;
  for (const [type, reaction] of Object.entries(reactions) as [EventType, EventHandler<EventType>][]) {
    const apply = handlers[type];
    handlers[type] = async (event, manager) => {
      await apply?.(event, manager);
      await reaction(event, manager);
    };
  }
  return handlers as EventHandlers;
}

/**
 * Starts the consumer that keeps a service's registry projection, reading the registry's topic
 * from the beginning (a new database is filled from offset zero). The registry may start after
 * the service, so the topic is created here when missing. Returns the service worker to stop.
 */
export async function startRegistryProjection(
  options: RegistryProjectionConsumerOptions,
): Promise<{ consumer: IdempotentConsumer; stop: () => Promise<void> }> {
  const topic = options.topic ?? topicOf('registry');
  const consumer = new IdempotentConsumer({
    kafka: options.kafka,
    dataSource: options.dataSource,
    logger: options.logger,
    groupId: options.groupId,
    topics: [topic],
    fromBeginning: true,
    topicPartitions: options.partitions,
    replicationFactor: options.replicationFactor,
    handlers: withReactions(options.reactions),
  });
  await consumer.start();
  return { consumer, stop: () => consumer.stop() };
}
