import type { DataSource } from 'typeorm';
import { topicOf } from '@opora/event-contracts';
import type { Logger } from '@opora/logger';
import { IdempotentConsumer } from '@opora/messaging';
import type { Kafka } from '@opora/messaging';
import { startRegistryProjection } from '@opora/registry-projection';

import type { EventsEnvironment } from './environment';
import { planLinkHandlers } from './modules/plan-link/plan-link.handlers';

/**
 * The events service's consumers: the registry projection (regions with their zones,
 * municipalities, organizations) and the agreements' plan items an event may fulfil. Their lag is
 * measured by the kit (they run on the service's Kafka client).
 */
export async function startEventsWorkers(deps: {
  dataSource: DataSource;
  kafka: Kafka;
  logger: Logger;
  environment: EventsEnvironment;
}): Promise<{ stop: () => Promise<void> }[]> {
  const { dataSource, kafka, logger, environment } = deps;
  const registry = await startRegistryProjection({
    kafka,
    dataSource,
    logger,
    groupId: environment.REGISTRY_PROJECTION_GROUP,
    partitions: environment.KAFKA_TOPIC_PARTITIONS,
    replicationFactor: environment.KAFKA_REPLICATION_FACTOR,
  });
  const agreements = new IdempotentConsumer({
    kafka,
    dataSource,
    logger,
    groupId: environment.AGREEMENTS_CONSUMER_GROUP,
    topics: [topicOf('agreements')],
    fromBeginning: true,
    topicPartitions: environment.KAFKA_TOPIC_PARTITIONS,
    replicationFactor: environment.KAFKA_REPLICATION_FACTOR,
    handlers: planLinkHandlers,
  });
  await agreements.start();
  return [registry, { stop: () => agreements.stop() }];
}
