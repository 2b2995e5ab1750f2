import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import type { DomainEvent, EventType } from '@opora/event-contracts';
import type { Logger } from '@opora/logger';

import { decodeEvent, UndecodableEventError } from './codec';
import { createConsumer, createIdempotentProducer } from './kafka-client';
import type { ConsumerSubscription } from './messaging-metrics';
import { deadLetterTopic, ensureTopics } from './topics';

/**
 * Consumers that have started, per Kafka client. A service measures the lag of every consumer it
 * runs from here, so a new consumer is covered without anyone remembering to register it.
 */
const startedConsumers = new WeakMap<Kafka, Set<ConsumerSubscription>>();

/** The groups and topics of the consumers started on this Kafka client and not yet stopped. */
export function runningConsumers(kafka: Kafka): ConsumerSubscription[] {
  return [...(startedConsumers.get(kafka) ?? [])];
}

export type EventHandler<T extends EventType = EventType> = (
  event: DomainEvent<T>,
  manager: EntityManager,
) => Promise<void>;

export type EventHandlers = { [T in EventType]?: EventHandler<T> };

export interface IdempotentConsumerOptions {
  kafka: Kafka;
  dataSource: DataSource;
  groupId: string;
  topics: string[];
  handlers: EventHandlers;
  logger: Logger;
  /** Attempts per message before it goes to the dead-letter topic. */
  maxAttempts?: number;
  /** First retry delay; doubles with each attempt. */
  retryBackoffMs?: number;
  fromBeginning?: boolean;
  /**
   * Partitions processed at once (each in its own order). Order within a key holds regardless,
   * since a key lives in one partition. Default 3, the default partition count of our topics.
   */
  partitionsConcurrently?: number;
  /** Partitions of the dead-letter topic when it has to be created. */
  deadLetterPartitions?: number;
  replicationFactor?: number;
}

export type Outcome = 'APPLIED' | 'DUPLICATE' | 'IGNORED' | 'DEAD_LETTERED';

/**
 * Applies each event exactly once in effect, over Kafka's at-least-once delivery.
 *
 * - The event id goes into the inbox (unique per consumer group) in the same transaction as the
 *   handler's effect: a redelivered event finds its id and is skipped.
 * - Offsets are committed (auto-commit off) only after that transaction has committed; a crash
 *   before the commit redelivers, and the inbox absorbs it.
 * - A failing handler is retried with exponential backoff; after `maxAttempts` the message goes to
 *   the group's dead-letter topic with the error in its headers, is recorded as DEAD_LETTERED,
 *   and the consumer moves on. Messages that cannot be decoded go there at once.
 */
export class IdempotentConsumer {
  private consumer?: Consumer;
  private dlqProducer?: Producer;
  private readonly log: Logger;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly listeners: ((outcome: Outcome, event: { id?: string; type?: string }) => void)[] = [];
  private readonly subscription: ConsumerSubscription;

  constructor(private readonly options: IdempotentConsumerOptions) {
    this.log = options.logger.child({ component: 'consumer', groupId: options.groupId });
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoffMs = options.retryBackoffMs ?? 200;
    this.subscription = { groupId: options.groupId, topics: options.topics };
  }

  get deadLetterTopic(): string {
    return deadLetterTopic(this.options.groupId);
  }

  /** Observes each message's outcome (metrics, tests). */
  onOutcome(listener: (outcome: Outcome, event: { id?: string; type?: string }) => void): void {
    this.listeners.push(listener);
  }

  async start(): Promise<void> {
    const { kafka, groupId, topics } = this.options;
    await ensureTopics(kafka, [
      {
        topic: this.deadLetterTopic,
        partitions: this.options.deadLetterPartitions ?? 1,
        replicationFactor: this.options.replicationFactor ?? 1,
      },
    ]);
    this.dlqProducer = createIdempotentProducer(kafka);
    await this.dlqProducer.connect();
    this.consumer = createConsumer(kafka, { groupId });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: this.options.fromBeginning ?? true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConcurrently ?? 3,
      eachBatch: (payload) => this.eachBatch(payload),
    });
    const started = startedConsumers.get(kafka) ?? new Set<ConsumerSubscription>();
    startedConsumers.set(kafka, started.add(this.subscription));
  }

  /** Pauses fetching, lets the batch under way finish (kafkajs waits for it), and disconnects. */
  async stop(): Promise<void> {
    startedConsumers.get(this.options.kafka)?.delete(this.subscription);
    await this.consumer?.disconnect();
    await this.dlqProducer?.disconnect();
  }

  private async eachBatch({
    batch,
    resolveOffset,
    heartbeat,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    let last: string | undefined;
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      await this.process(batch.topic, batch.partition, message, heartbeat);
      resolveOffset(message.offset);
      last = message.offset;
      await heartbeat();
    }
    if (last !== undefined) {
      await this.consumer?.commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
      ]);
    }
  }

  private async process(
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    let event: DomainEvent;
    try {
      event = decodeEvent(message.value);
    } catch (error) {
      if (!(error instanceof UndecodableEventError)) throw error;
      await this.deadLetter(topic, partition, message, error, undefined);
      this.emit('DEAD_LETTERED', {});
      return;
    }
    const handler = this.options.handlers[event.type] as EventHandler | undefined;
    if (!handler) {
      this.emit('IGNORED', event);
      return;
    }
    for (let attempt = 1; ; attempt += 1) {
      try {
        const applied = await this.options.dataSource.transaction(async (manager) => {
          const inserted = (await manager.query(
            `insert into inbox (consumer_group, event_id, event_type, outcome) values ($1, $2, $3, 'APPLIED')
             on conflict do nothing returning event_id`,
            [this.options.groupId, event.id, event.type],
          )) as unknown[];
          if (inserted.length === 0) return false;
          await handler(event, manager);
          return true;
        });
        this.emit(applied ? 'APPLIED' : 'DUPLICATE', event);
        return;
      } catch (error) {
        if (attempt >= this.maxAttempts) {
          await this.deadLetter(topic, partition, message, error as Error, event);
          this.emit('DEAD_LETTERED', event);
          return;
        }
        const delay = this.backoffMs * 2 ** (attempt - 1);
        this.log.warn(
          { err: error, eventId: event.id, type: event.type, attempt, retryInMs: delay },
          'handler failed; retrying',
        );
        await new Promise((r) => setTimeout(r, delay));
        await heartbeat();
      }
    }
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    error: Error,
    event: DomainEvent | undefined,
  ): Promise<void> {
    this.log.error(
      { err: error, topic, partition, offset: message.offset, eventId: event?.id },
      'message sent to dead-letter topic',
    );
    await this.dlqProducer!.send({
      topic: this.deadLetterTopic,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            'x-dlt-error': error.message.slice(0, 4000),
            'x-dlt-error-class': error.name,
            'x-dlt-original-topic': topic,
            'x-dlt-original-partition': String(partition),
            'x-dlt-original-offset': message.offset,
            'x-dlt-attempts': String(event ? this.maxAttempts : 1),
          },
        },
      ],
    });
    if (event) {
      await this.options.dataSource.query(
        `insert into inbox (consumer_group, event_id, event_type, outcome) values ($1, $2, $3, 'DEAD_LETTERED')
         on conflict do nothing`,
        [this.options.groupId, event.id, event.type],
      );
    }
  }

  private emit(outcome: Outcome, event: { id?: string; type?: string }): void {
    for (const listener of this.listeners) listener(outcome, { id: event.id, type: event.type });
  }
}
