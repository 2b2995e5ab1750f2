import type { DataSource } from 'typeorm';
import { topicOf } from '@opora/event-contracts';
import type { Logger } from '@opora/logger';
import { ensureTopics, IdempotentConsumer } from '@opora/messaging';
import type { Kafka } from '@opora/messaging';

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
  await ensureTopics(options.kafka, [
    { topic, partitions: options.partitions ?? 3, replicationFactor: options.replicationFactor ?? 1 },
  ]);
  const consumer = new IdempotentConsumer({
    kafka: options.kafka,
    dataSource: options.dataSource,
    logger: options.logger,
    groupId: options.groupId,
    topics: [topic],
    fromBeginning: true,
    replicationFactor: options.replicationFactor,
    handlers: registryProjectionHandlers,
  });
  await consumer.start();
  return { consumer, stop: () => consumer.stop() };
}
