import { randomUUID } from 'node:crypto';

import type { DataSource } from 'typeorm';
import { createServiceDataSource, databaseUrl, inTransaction } from '@opora/database';
import { topicOf } from '@opora/event-contracts';
import type { DomainEvent } from '@opora/event-contracts';
import { createLogger } from '@opora/logger';
import {
  createTestDatabase,
  eventually,
  readTopicUntil,
  testInfra,
  testKafka,
  uniqueSuffix,
} from '@opora/testing';

import {
  createIdempotentProducer,
  ensureTopics,
  IdempotentConsumer,
  MessagingTables1764000000000,
  OutboxRelay,
  appendToOutbox,
} from '..';
import type { Outcome, Producer } from '..';

import { organizationCreated } from './fixtures/events';

const logger = createLogger({ service: 'test', level: 'fatal' });
const topic = topicOf('registry');

describe('outbox → Kafka → idempotent consumer (real PostgreSQL and Kafka)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let producer: Producer;
  let relay: OutboxRelay;
  const kafka = testKafka();

  beforeAll(async () => {
    const { databaseUrl: serverUrl } = testInfra();
    db = await createTestDatabase('messaging');
    dataSource = createServiceDataSource({
      serverUrl,
      database: db.name,
      entities: [],
      migrations: [MessagingTables1764000000000],
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    await dataSource.query(`create table applied (event_id uuid not null, subject text not null)`);
    await ensureTopics(kafka, [{ topic, partitions: 3, replicationFactor: 1 }]);
    producer = createIdempotentProducer(kafka);
    await producer.connect();
    relay = new OutboxRelay({ dataSource, producer, listenUrl: databaseUrl(serverUrl, db.name), logger });
    await relay.start();
  });

  afterAll(async () => {
    await relay?.stop();
    await producer?.disconnect();
    await dataSource?.destroy();
    await db?.drop();
  });

  const appliedCount = async (subject: string) =>
    Number(
      (
        (await dataSource.query(`select count(*) as n from applied where subject = $1`, [subject])) as {
          n: string;
        }[]
      )[0].n,
    );

  function startConsumer(
    handler: (event: DomainEvent) => Promise<void>,
    options: { maxAttempts?: number } = {},
  ) {
    const outcomes: { outcome: Outcome; id?: string }[] = [];
    const consumer = new IdempotentConsumer({
      kafka,
      dataSource,
      groupId: `test-consumer-${uniqueSuffix()}`,
      topics: [topic],
      logger,
      maxAttempts: options.maxAttempts ?? 3,
      retryBackoffMs: 10,
      handlers: {
        'registry.organization.created': async (event, manager) => {
          await handler(event);
          await manager.query(`insert into applied (event_id, subject) values ($1, $2)`, [
            event.id,
            event.subject,
          ]);
        },
      },
    });
    consumer.onOutcome((outcome, event) => outcomes.push({ outcome, id: event.id }));
    return { consumer, outcomes };
  }

  it('publishes an event committed with its change and applies it exactly once, also when Kafka delivers it twice', async () => {
    const { consumer, outcomes } = startConsumer(async () => undefined);
    await consumer.start();
    try {
      const event = await inTransaction(dataSource, (manager) =>
        appendToOutbox(manager, organizationCreated()),
      );
      await eventually(async () => (await appliedCount(event.subject)) === 1, 30_000, 'событие применено');
      const [row] = (await dataSource.query(`select published_at from outbox where event_id = $1`, [
        event.id,
      ])) as { published_at: Date | null }[];
      expect(row.published_at).not.toBeNull();

      // Kafka is at-least-once: deliver the very same message again, as a retrying producer would.
      const [{ payload }] = (await dataSource.query(`select payload from outbox where event_id = $1`, [
        event.id,
      ])) as { payload: unknown }[];
      await producer.send({ topic, messages: [{ key: event.subject, value: JSON.stringify(payload) }] });
      await eventually(
        async () => outcomes.some((o) => o.id === event.id && o.outcome === 'DUPLICATE'),
        30_000,
        'дубликат замечен',
      );
      expect(await appliedCount(event.subject)).toBe(1);
      const inbox = (await dataSource.query(`select outcome from inbox where event_id = $1`, [event.id])) as {
        outcome: string;
      }[];
      expect(inbox).toEqual([{ outcome: 'APPLIED' }]);
    } finally {
      await consumer.stop();
    }
  });

  it('writes nothing to the outbox and publishes nothing when the transaction rolls back', async () => {
    const subject = randomUUID();
    await expect(
      inTransaction(dataSource, async (manager) => {
        await appendToOutbox(manager, organizationCreated(subject));
        throw new Error('change rejected');
      }),
    ).rejects.toThrow('change rejected');
    const rows = (await dataSource.query(`select 1 from outbox where message_key = $1`, [
      subject,
    ])) as unknown[];
    expect(rows).toHaveLength(0);
    // A later event of the same run is published, the rolled-back one never is.
    const later = await inTransaction(dataSource, (manager) =>
      appendToOutbox(manager, organizationCreated()),
    );
    const seen = await readTopicUntil(topic, (messages) =>
      messages.some((m) => m.key?.toString() === later.subject),
    );
    expect(seen.some((m) => m.key?.toString() === subject)).toBe(false);
  });

  it('refuses an event whose payload breaks its contract, inside the transaction', async () => {
    const bad = { ...organizationCreated(), data: { organizationId: 'not-a-uuid' } } as never;
    await expect(inTransaction(dataSource, (manager) => appendToOutbox(manager, bad))).rejects.toThrow();
  });

  it('sends a message that keeps failing to the dead-letter topic with the error after N attempts, and moves on', async () => {
    const poisonSubject = randomUUID();
    let attempts = 0;
    const { consumer, outcomes } = startConsumer(async (event) => {
      if (event.subject === poisonSubject) {
        attempts += 1;
        throw new Error('школа не найдена в проекции');
      }
    });
    await consumer.start();
    try {
      const poison = await inTransaction(dataSource, (m) =>
        appendToOutbox(m, organizationCreated(poisonSubject)),
      );
      const healthy = await inTransaction(dataSource, (m) => appendToOutbox(m, organizationCreated()));
      await eventually(
        async () => (await appliedCount(healthy.subject)) === 1,
        30_000,
        'следующее событие применено',
      );
      await eventually(
        async () => outcomes.some((o) => o.id === poison.id && o.outcome === 'DEAD_LETTERED'),
        30_000,
        'DLT',
      );
      expect(attempts).toBe(3);
      expect(await appliedCount(poisonSubject)).toBe(0);
      const dead = await readTopicUntil(consumer.deadLetterTopic, (messages) =>
        messages.some((m) => m.key?.toString() === poisonSubject),
      );
      const message = dead.find((m) => m.key?.toString() === poisonSubject)!;
      expect(message.headers?.['x-dlt-error']?.toString()).toBe('школа не найдена в проекции');
      expect(message.headers?.['x-dlt-original-topic']?.toString()).toBe(topic);
      expect(JSON.parse(message.value!.toString()).id).toBe(poison.id);
    } finally {
      await consumer.stop();
    }
  });

  it('sends a message that is not a valid event straight to the dead-letter topic', async () => {
    const { consumer } = startConsumer(async () => undefined);
    await consumer.start();
    try {
      const key = `poison-${uniqueSuffix()}`;
      await producer.send({ topic, messages: [{ key, value: 'это не JSON' }] });
      const dead = await readTopicUntil(consumer.deadLetterTopic, (messages) =>
        messages.some((m) => m.key?.toString() === key),
      );
      expect(dead.find((m) => m.key?.toString() === key)?.headers?.['x-dlt-error']?.toString()).toBe(
        'сообщение не является JSON',
      );
    } finally {
      await consumer.stop();
    }
  });
});
