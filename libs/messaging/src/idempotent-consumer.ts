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

/**
 * The batch form, for projections that write many rows at once: receives, in partition order,
 * the events of one batch that this group has not applied yet, inside the batch's transaction.
 */
export type EventBatchHandler = (events: DomainEvent[], manager: EntityManager) => Promise<void>;

export interface IdempotentConsumerOptions {
  kafka: Kafka;
  dataSource: DataSource;
  groupId: string;
  topics: string[];
  /** Per-event handlers; events of other types are skipped (IGNORED). */
  handlers?: EventHandlers;
  /** Instead of `handlers`: one call per batch with every event of it (see EventBatchHandler). */
  handleBatch?: EventBatchHandler;
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
  /**
   * Partitions of a consumed topic when it has to be created: the producing service may start
   * after this one, so the consumer creates the topics it reads when they are missing (default 3).
   */
  topicPartitions?: number;
  /** Partitions of the dead-letter topic when it has to be created. */
  deadLetterPartitions?: number;
  replicationFactor?: number;
  /**
   * How long the broker waits for a silent member (killed, cut off) before giving its partitions
   * to others; default 30 s (kafka-client.ts). A member that stops cleanly leaves at once.
   */
  sessionTimeoutMs?: number;
  /** Most events applied in one transaction (default 500); a Kafka batch is cut into such chunks. */
  maxBatchSize?: number;
}

export type Outcome = 'APPLIED' | 'DUPLICATE' | 'IGNORED' | 'DEAD_LETTERED';

interface Decoded {
  message: KafkaMessage;
  event: DomainEvent;
}

/**
 * Applies each event exactly once in effect, over Kafka's at-least-once delivery, a batch at a
 * time (docs/decisions.md §40).
 *
 * - A chunk of a partition's batch (up to `maxBatchSize` events) is applied in ONE transaction:
 *   the event ids go into the inbox (unique per consumer group) with one statement, and the
 *   handlers run, in offset order, for the ids that were not there yet. A redelivered event finds
 *   its id and is skipped; the same id twice in a chunk is applied once.
 * - Offsets are committed (auto-commit off) only after that transaction has committed; a crash
 *   before the commit redelivers the chunk, and the inbox absorbs it.
 * - Order per key holds: a key lives in one partition, and a partition's events are applied in
 *   offset order, one chunk after another.
 * - When the chunk's transaction fails, it is rolled back and the chunk is applied again event by
 *   event, each in its own transaction: a failing handler is retried with exponential backoff;
 *   after `maxAttempts` its message goes to the group's dead-letter topic with the error in its
 *   headers, is recorded as DEAD_LETTERED, and the other events of the chunk are applied.
 *   Messages that cannot be decoded go to the dead-letter topic at once.
 */
export class IdempotentConsumer {
  private consumer?: Consumer;
  private dlqProducer?: Producer;
  private readonly log: Logger;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly maxBatchSize: number;
  private readonly listeners: ((outcome: Outcome, event: { id?: string; type?: string }) => void)[] = [];
  private readonly subscription: ConsumerSubscription;

  constructor(private readonly options: IdempotentConsumerOptions) {
    this.log = options.logger.child({ component: 'consumer', groupId: options.groupId });
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoffMs = options.retryBackoffMs ?? 200;
    this.maxBatchSize = options.maxBatchSize ?? 500;
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
      ...topics.map((topic) => ({
        topic,
        partitions: this.options.topicPartitions ?? 3,
        replicationFactor: this.options.replicationFactor ?? 1,
      })),
      {
        topic: this.deadLetterTopic,
        partitions: this.options.deadLetterPartitions ?? 1,
        replicationFactor: this.options.replicationFactor ?? 1,
      },
    ]);
    this.dlqProducer = createIdempotentProducer(kafka);
    await this.dlqProducer.connect();
    this.consumer = createConsumer(kafka, {
      groupId,
      ...(this.options.sessionTimeoutMs
        ? {
            sessionTimeout: this.options.sessionTimeoutMs,
            heartbeatInterval: this.options.sessionTimeoutMs / 10,
          }
        : {}),
    });
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

  /**
   * Lets the chunk under way finish (kafkajs waits for it), leaves the group (LeaveGroup), and
   * disconnects: the next member of the group gets the partitions at once instead of waiting for
   * this member's session to time out.
   */
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
    for (let from = 0; from < batch.messages.length; from += this.maxBatchSize) {
      if (!isRunning() || isStale()) break;
      const chunk = batch.messages.slice(from, from + this.maxBatchSize);
      await this.applyChunk(batch.topic, batch.partition, chunk, heartbeat);
      const last = chunk[chunk.length - 1].offset;
      resolveOffset(last);
      await this.consumer?.commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
      ]);
      await heartbeat();
    }
  }

  /** One transaction for the chunk; event by event when it fails (see the class comment). */
  private async applyChunk(
    topic: string,
    partition: number,
    messages: KafkaMessage[],
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const handled: Decoded[] = [];
    for (const message of messages) {
      let event: DomainEvent;
      try {
        event = decodeEvent(message.value);
      } catch (error) {
        if (!(error instanceof UndecodableEventError)) throw error;
        await this.deadLetter(topic, partition, message, error, undefined);
        this.emit('DEAD_LETTERED', {});
        continue;
      }
      if (this.handles(event)) handled.push({ message, event });
      else this.emit('IGNORED', event);
    }
    if (handled.length === 0) return;
    let fresh: Set<string>;
    const progress: { failed?: string } = {};
    try {
      fresh = await this.options.dataSource.transaction((manager) =>
        this.applyInTransaction(
          handled.map((d) => d.event),
          manager,
          progress,
        ),
      );
    } catch (error) {
      this.log.warn(
        { err: error, topic, partition, events: handled.length },
        'batch failed; applying its events one by one',
      );
      for (const { message, event } of handled) {
        // The handler that failed the batch has had its first attempt already.
        const tried = event.id === progress.failed ? 1 : 0;
        await this.applyOne(topic, partition, message, event, heartbeat, tried);
      }
      return;
    }
    const emitted = new Set<string>();
    for (const { event } of handled) {
      const first = fresh.has(event.id) && !emitted.has(event.id);
      emitted.add(event.id);
      this.emit(first ? 'APPLIED' : 'DUPLICATE', event);
    }
  }

  /** Records the ids in the inbox and runs the handlers for the new ones; returns those ids. */
  private async applyInTransaction(
    events: DomainEvent[],
    manager: EntityManager,
    progress: { failed?: string } = {},
  ): Promise<Set<string>> {
    const inserted = (await manager.query(
      `insert into inbox (consumer_group, event_id, event_type, outcome)
       select $1, id, type, 'APPLIED' from unnest($2::uuid[], $3::text[]) as e (id, type)
       on conflict do nothing returning event_id`,
      [this.options.groupId, events.map((e) => e.id), events.map((e) => e.type)],
    )) as { event_id: string }[];
    const fresh = new Set(inserted.map((r) => r.event_id));
    const pending = new Set(fresh);
    const toApply = events.filter((e) => pending.delete(e.id));
    if (toApply.length === 0) return fresh;
    if (this.options.handleBatch) {
      await this.options.handleBatch(toApply, manager);
    } else {
      for (const event of toApply) {
        const handler = this.options.handlers?.[event.type] as EventHandler;
        progress.failed = event.id;
        await handler(event, manager);
        progress.failed = undefined;
      }
    }
    return fresh;
  }

  private async databaseAnswers(): Promise<boolean> {
    try {
      await this.options.dataSource.query('select 1');
      return true;
    } catch {
      return false;
    }
  }

  private handles(event: DomainEvent): boolean {
    return Boolean(this.options.handleBatch ?? this.options.handlers?.[event.type]);
  }

  private async applyOne(
    topic: string,
    partition: number,
    message: KafkaMessage,
    event: DomainEvent,
    heartbeat: () => Promise<void>,
    tried: number,
  ): Promise<void> {
    for (let attempt = tried + 1; ; attempt += 1) {
      try {
        const fresh = await this.options.dataSource.transaction((manager) =>
          this.applyInTransaction([event], manager),
        );
        this.emit(fresh.has(event.id) ? 'APPLIED' : 'DUPLICATE', event);
        return;
      } catch (error) {
        if (!(await this.databaseAnswers())) {
          // The database is down or restarting (docs/decisions.md §40): not the event's fault.
          // Wait for it without spending the event's attempts, so that an outage never sends
          // good events to the dead-letter topic; the partition waits, its order kept.
          this.log.warn({ err: error, eventId: event.id }, 'database unavailable; waiting for it');
          await new Promise((r) => setTimeout(r, Math.min(5000, this.backoffMs * 2 ** Math.min(attempt, 5))));
          await heartbeat();
          attempt -= 1;
          continue;
        }
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
