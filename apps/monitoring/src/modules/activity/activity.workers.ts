import type { DataSource } from 'typeorm';
import { topicOf } from '@opora/event-contracts';
import type { Logger } from '@opora/logger';
import { IdempotentConsumer } from '@opora/messaging';
import type { Kafka } from '@opora/messaging';

import type { MonitoringEnvironment } from '../../environment';
import { applyProjectionBatch } from './activity.handlers';
import { attachLagProbe } from './freshness';

/** The topics every projection of the service is built from, and only from (docs/architecture.md). */
export const sourceTopics = [topicOf('registry'), topicOf('agreements'), topicOf('events')];

/**
 * The one consumer of the service: the registry, agreements and events topics from offset zero
 * into the registry projection and the activity projection. A message that keeps failing goes to
 * the group's dead-letter topic and the consumer carries on (IdempotentConsumer).
 */
export async function startProjectionWorkers(deps: {
  dataSource: DataSource;
  kafka: Kafka;
  logger: Logger;
  environment: Pick<
    MonitoringEnvironment,
    'PROJECTIONS_CONSUMER_GROUP' | 'KAFKA_TOPIC_PARTITIONS' | 'KAFKA_REPLICATION_FACTOR'
  >;
}): Promise<{ stop: () => Promise<void> }[]> {
  const { dataSource, kafka, logger, environment } = deps;
  const consumer = new IdempotentConsumer({
    kafka,
    dataSource,
    logger,
    groupId: environment.PROJECTIONS_CONSUMER_GROUP,
    topics: sourceTopics,
    fromBeginning: true,
    topicPartitions: environment.KAFKA_TOPIC_PARTITIONS,
    replicationFactor: environment.KAFKA_REPLICATION_FACTOR,
    handleBatch: applyProjectionBatch,
  });
  await consumer.start();
  const probe = attachLagProbe(dataSource, kafka, environment.PROJECTIONS_CONSUMER_GROUP, sourceTopics);
  return [
    {
      stop: async () => {
        await probe.stop();
        await consumer.stop();
      },
    },
  ];
}
