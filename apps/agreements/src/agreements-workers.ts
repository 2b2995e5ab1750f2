import type { DataSource } from 'typeorm';
import { topicOf } from '@opora/event-contracts';
import type { Logger } from '@opora/logger';
import { IdempotentConsumer } from '@opora/messaging';
import type { Kafka } from '@opora/messaging';
import { startRegistryProjection } from '@opora/registry-projection';

import type { AgreementsEnvironment } from './environment';
import { AgreementService } from './modules/agreement/agreement.service';
import { PlanService } from './modules/plan/plan.service';

/**
 * The service's background parts, both idempotent consumers started on the service's Kafka
 * client (so their lag is measured): the registry projection (statuses and places the rules read)
 * with the reaction to a party's status ending (docs/decisions.md §53), and the events service's
 * held and cancelled events that fulfil and reopen plan items (§54).
 */
export async function startAgreementsWorkers(deps: {
  dataSource: DataSource;
  kafka: Kafka;
  logger: Logger;
  environment: AgreementsEnvironment;
}): Promise<{ stop: () => Promise<void> }[]> {
  const { dataSource, kafka, logger, environment } = deps;
  const agreements = new AgreementService(dataSource);
  const plans = new PlanService(dataSource);
  const projection = await startRegistryProjection({
    kafka,
    dataSource,
    logger,
    groupId: environment.REGISTRY_PROJECTION_GROUP,
    partitions: environment.KAFKA_TOPIC_PARTITIONS,
    replicationFactor: environment.KAFKA_REPLICATION_FACTOR,
    reactions: {
      'registry.status.ended': (event, manager) => agreements.partyStatusEnded(manager, event.data),
    },
  });

  const fulfilment = new IdempotentConsumer({
    kafka,
    dataSource,
    logger,
    groupId: environment.EVENTS_CONSUMER_GROUP,
    topics: [topicOf('events')],
    topicPartitions: environment.KAFKA_TOPIC_PARTITIONS,
    replicationFactor: environment.KAFKA_REPLICATION_FACTOR,
    handlers: {
      'events.event.held': (event, manager) => plans.eventHeld(manager, event.data),
      'events.event.cancelled': (event, manager) => plans.eventCancelled(manager, event.data),
    },
  });
  await fulfilment.start();
  return [projection, { stop: () => fulfilment.stop() }];
}
