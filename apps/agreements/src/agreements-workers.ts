import type { DataSource } from 'typeorm';
import type { Logger } from '@opora/logger';
import type { Kafka } from '@opora/messaging';
import { startRegistryProjection } from '@opora/registry-projection';

import type { AgreementsEnvironment } from './environment';
import { AgreementService } from './modules/agreement/agreement.service';

/**
 * The service's background parts: the registry projection (statuses and places the rules read),
 * with the service's reaction to a party's status ending (docs/decisions.md §53).
 */
export async function startAgreementsWorkers(deps: {
  dataSource: DataSource;
  kafka: Kafka;
  logger: Logger;
  environment: AgreementsEnvironment;
}): Promise<{ stop: () => Promise<void> }[]> {
  const { dataSource, kafka, logger, environment } = deps;
  const agreements = new AgreementService(dataSource);
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
  return [projection];
}
