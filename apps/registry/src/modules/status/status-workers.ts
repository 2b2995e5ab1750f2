import type { DataSource } from 'typeorm';
import { topicOf } from '@opora/event-contracts';
import type { Logger } from '@opora/logger';
import { IdempotentConsumer } from '@opora/messaging';
import type { Kafka } from '@opora/messaging';

import type { RegistryEnvironment } from '../../environment';
import { eachRegionsOwnToday } from './status-clock';
import type { Today } from './status-clock';
import { StatusLifecycle } from './status-lifecycle';
import { StatusService } from './status.service';

/**
 * The registry's background parts: the consumer of the agreements service's events (002 §4.3)
 * and the scheduler of due ends (000 §4.4). Both may run in every instance.
 */
export async function startStatusWorkers(
  deps: {
    dataSource: DataSource;
    kafka: Kafka;
    logger: Logger;
    environment: RegistryEnvironment;
  },
  today: Today = deps.environment.SCHEDULER_AS_OF ? () => deps.environment.SCHEDULER_AS_OF : eachRegionsOwnToday,
): Promise<{ stop: () => Promise<void> }[]> {
  const { dataSource, kafka, logger, environment } = deps;
  if (environment.SCHEDULER_AS_OF)
    logger.warn({ asOf: environment.SCHEDULER_AS_OF }, 'the scheduler takes a fixed date as today');
  const lifecycle = new StatusLifecycle(dataSource, new StatusService(dataSource, today), today);

  const consumer = new IdempotentConsumer({
    kafka,
    dataSource,
    logger,
    groupId: environment.AGREEMENTS_CONSUMER_GROUP,
    topics: [topicOf('agreements')],
    topicPartitions: environment.KAFKA_TOPIC_PARTITIONS,
    replicationFactor: environment.KAFKA_REPLICATION_FACTOR,
    handlers: {
      'agreements.agreement.concluded': (event, manager) => lifecycle.agreementConcluded(manager, event.data),
      // Version 1 announced «ended»; the agreements service now says how it ended (decision §12).
      'agreements.agreement.ended': (event, manager) => lifecycle.agreementEnded(manager, event.data),
      'agreements.agreement.completed': (event, manager) => lifecycle.agreementEnded(manager, event.data),
      'agreements.agreement.terminated': (event, manager) => lifecycle.agreementEnded(manager, event.data),
    },
  });
  await consumer.start();

  return [
    { stop: () => consumer.stop() },
    startScheduler(lifecycle, environment.SCHEDULER_INTERVAL_MS, logger),
  ];
}

function startScheduler(lifecycle: StatusLifecycle, intervalMs: number, logger: Logger) {
  const log = logger.child({ component: 'scheduler' });
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = lifecycle
      .runDue()
      .then((ended) => {
        if (ended.programmes || ended.statuses) log.info(ended, 'due programmes and statuses ended');
      })
      .catch((error: unknown) => log.error({ err: error }, 'scheduler run failed; retried on the next tick'));
  };
  const timer = intervalMs > 0 ? setInterval(tick, intervalMs) : undefined;
  if (intervalMs > 0) tick();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
