import { Kafka, logLevel, Partitioners } from 'kafkajs';
import type { Consumer, ConsumerConfig, KafkaConfig, Producer } from 'kafkajs';
import type { Logger } from '@opora/logger';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  /** How long start-up may wait for the broker before failing (ms). */
  connectionTimeoutMs?: number;
}

/**
 * The one place where kafkajs clients are configured: explicit retry settings and kafkajs logs
 * routed into the service's pino logger. Everything Kafka-specific in the services goes through
 * this library, so another client could replace kafkajs here alone.
 */
export function createKafka(settings: KafkaSettings, logger: Logger): Kafka {
  const log = logger.child({ component: 'kafka' });
  const config: KafkaConfig = {
    clientId: settings.clientId,
    brokers: settings.brokers,
    connectionTimeout: settings.connectionTimeoutMs ?? 3000,
    requestTimeout: 30_000,
    // kafkajs retries with exponential backoff and jitter: 5 retries from 300 ms give up after
    // ~10 s of refused connections, so a service with a wrong KAFKA_BROKERS exits well inside 30 s.
    retry: { initialRetryTime: 300, retries: 5, maxRetryTime: 5_000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({
        level,
        log: entry,
      }: {
        level: logLevel;
        log: { message: string; namespace?: string } & Record<string, unknown>;
      }) => {
        const { message, ...rest } = entry;
        const fields = { kafkaNamespace: entry.namespace, ...rest };
        if (level === logLevel.ERROR) log.error(fields, message);
        else if (level === logLevel.WARN) log.warn(fields, message);
        else if (level === logLevel.INFO) log.info(fields, message);
        else log.debug(fields, message);
      },
  };
  return new Kafka(config);
}

/**
 * Idempotent producer (acks=all, one request in flight, broker-side de-duplication of retries):
 * a retried send never writes a message twice and never reorders a key's messages.
 */
export function createIdempotentProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}

export function createConsumer(kafka: Kafka, config: ConsumerConfig): Consumer {
  return kafka.consumer({
    allowAutoTopicCreation: false,
    sessionTimeout: 30_000,
    heartbeatInterval: 3000,
    ...config,
  });
}

export type { Kafka, Producer, Consumer, KafkaMessage } from 'kafkajs';
