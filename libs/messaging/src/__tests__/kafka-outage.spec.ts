import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { DataSource } from 'typeorm';
import { createServiceDataSource, databaseUrl, inTransaction } from '@opora/database';
import { topicOf } from '@opora/event-contracts';
import { createLogger } from '@opora/logger';
import { freePort, startLocalKafka } from '@opora/provision';
import type { LocalKafka } from '@opora/provision';
import { createTestDatabase, eventually, testInfra, uniqueSuffix } from '@opora/testing';

import {
  appendToOutbox,
  createIdempotentProducer,
  createKafka,
  ensureTopics,
  IdempotentConsumer,
  MessagingTables1764000000000,
  OutboxRelay,
} from '..';
import type { Producer } from '..';

import { APPLIED_TABLE, organizationCreated, recordApplied } from './fixtures/events';

/**
 * Issue #14, point 2: Kafka stopped for 30 s while 1,000 changes are written. This spec starts
 * and stops its OWN broker (the one from globalSetup is shared by every spec running at once).
 * docs/decisions.md §41.
 */
const logger = createLogger({ service: 'test', level: 'fatal' });
const OUTAGE_MS = 30_000;

/** The process group of a Linux process (field 5 of /proc/<pid>/stat). */
function processGroup(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

describe('Kafka stopped while changes are written (own broker, real PostgreSQL)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'opora-outage-kafka-'));
  let broker: LocalKafka;
  // Fixed ports, so that the broker comes back where the clients (and its own quorum) knew it.
  let ports: { port: number; controllerPort: number };
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let producer: Producer;
  let relay: OutboxRelay;
  let consumer: IdempotentConsumer;

  beforeAll(async () => {
    ports = { port: await freePort(), controllerPort: await freePort() };
    broker = await startLocalKafka({ dataDir, ...ports, heap: '768m' });
    db = await createTestDatabase('kafka_outage');
    dataSource = createServiceDataSource({
      serverUrl: testInfra().databaseUrl,
      database: db.name,
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
    await dataSource?.destroy();
    await db?.drop();
    await broker?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('commits every change while Kafka is down for 30 s, and delivers every event once after it returns: none lost, none applied twice', async () => {
    const kafka = createKafka({ brokers: broker.brokers, clientId: `outage-${uniqueSuffix()}` }, logger);
    const topic = topicOf('registry');
    await ensureTopics(kafka, [{ topic, partitions: 3, replicationFactor: 1 }]);
    producer = createIdempotentProducer(kafka);
    await producer.connect();
    relay = new OutboxRelay({
      dataSource,
      producer,
      listenUrl: databaseUrl(testInfra().databaseUrl, db.name),
      logger,
    });
    await relay.start();
    consumer = new IdempotentConsumer({
      kafka,
      dataSource,
      logger,
      groupId: `outage-${uniqueSuffix()}`,
      topics: [topic],
      handlers: {
        'registry.organization.created': recordApplied,
      },
    });
    await consumer.start();

    const stoppedAt = Date.now();
    await broker.stop();
    // 1,000 changes, each its own transaction: every one commits although Kafka is down.
    const ids: string[] = [];
    for (let i = 0; i < 1000; i += 1) {
      const event = await inTransaction(dataSource, (manager) =>
        appendToOutbox(manager, organizationCreated()),
      );
      ids.push(event.id);
    }
    const count = async (sql: string) =>
      Number(((await dataSource.query(sql, [ids])) as { n: string }[])[0].n);
    expect(await count(`select count(*) as n from outbox where event_id = any($1::uuid[])`)).toBe(1000);
    expect(await count(`select count(*) as n from applied where event_id = any($1::uuid[])`)).toBe(0);
    const rest = OUTAGE_MS - (Date.now() - stoppedAt);
    if (rest > 0) await new Promise((r) => setTimeout(r, rest));

    // Same port and data: the clients find the broker again by themselves.
    broker = await startLocalKafka({ dataDir, ...ports, heap: '768m', ownProcessGroup: true });
    // issue #8: a broker for npm start is out of reach of the terminal's Ctrl-C (own group).
    expect(processGroup(broker.pid)).toBe(broker.pid);
    expect(processGroup(broker.pid)).not.toBe(processGroup(process.pid));

    await eventually(
      async () =>
        (await count(
          `select count(distinct event_id) as n from applied where event_id = any($1::uuid[])`,
        )) === 1000,
      120_000,
      'все 1000 событий применены после возвращения Kafka',
    );
    expect(await count(`select count(*) as n from applied where event_id = any($1::uuid[])`)).toBe(1000);
    expect(
      await count(
        `select count(*) as n from outbox where event_id = any($1::uuid[]) and published_at is null`,
      ),
    ).toBe(0);
  }, 240_000);
});
