/**
 * Benchmark: events per second through outbox → relay → Kafka → idempotent consumer, and the
 * delay from each writer's commit to the consumer's commit of its effect (p50/p95/p99).
 *
 *   npm run bench:events -- [events=10000] [writers=8]
 *
 * Uses DATABASE_URL / KAFKA_BROKERS when given, else the local PostgreSQL and a local Kafka
 * broker started for the run. Prints figures with the data size; asserts nothing.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  createServiceDataSource,
  databaseUrl,
  dropDatabase,
  ensureDatabase,
  inTransaction,
} from '@opora/database';
import { topicOf } from '@opora/event-contracts';
import { createLogger } from '@opora/logger';
import {
  appendToOutbox,
  createIdempotentProducer,
  createKafka,
  ensureTopics,
  IdempotentConsumer,
  MessagingTables1764000000000,
  OutboxRelay,
} from '@opora/messaging';
import { providePostgres, startLocalKafka, workspaceRoot } from '@opora/provision';
import { percentile } from '@opora/testing';

const total = Number(process.argv[2] ?? 10_000);
const writers = Number(process.argv[3] ?? 8);

async function main(): Promise<void> {
  const logger = createLogger({ service: 'bench', level: 'fatal' });
  const postgres = await providePostgres({
    url: process.env.DATABASE_URL,
    embeddedDir: join(workspaceRoot(), '.data/postgres'),
  });
  const kafkaDir = mkdtempSync(join(tmpdir(), 'opora-bench-kafka-'));
  const broker = process.env.KAFKA_BROKERS
    ? undefined
    : await startLocalKafka({ dataDir: kafkaDir, heap: '1g' });
  const brokers = process.env.KAFKA_BROKERS?.split(',') ?? broker!.brokers;
  const database = `bench_events_${randomUUID().slice(0, 8)}`;
  await ensureDatabase(postgres.url, database);
  const dataSource = createServiceDataSource({
    serverUrl: postgres.url,
    database,
    entities: [],
    migrations: [MessagingTables1764000000000],
    poolSize: writers + 4,
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  await dataSource.query('create table effect (event_id uuid primary key)');

  const kafka = createKafka({ brokers, clientId: 'bench' }, logger);
  const topic = topicOf('registry');
  await ensureTopics(kafka, [{ topic, partitions: 3, replicationFactor: 1 }]);
  const producer = createIdempotentProducer(kafka);
  await producer.connect();
  const relay = new OutboxRelay({
    dataSource,
    producer,
    listenUrl: databaseUrl(postgres.url, database),
    logger,
  });
  await relay.start();

  const committedAt = new Map<string, number>();
  const delays: number[] = [];
  let done: () => void;
  const allApplied = new Promise<void>((resolve) => (done = resolve));
  const consumer = new IdempotentConsumer({
    kafka,
    dataSource,
    groupId: `bench-${randomUUID()}`,
    topics: [topic],
    logger,
    fromBeginning: false,
    handlers: {
      'registry.region.created': async (event, manager) => {
        await manager.query('insert into effect (event_id) values ($1)', [event.id]);
      },
    },
  });
  consumer.onOutcome((outcome, event) => {
    if (outcome !== 'APPLIED' || !event.id) return;
    const start = committedAt.get(event.id);
    if (start === undefined) return;
    delays.push(performance.now() - start);
    if (delays.length === total) done();
  });
  await consumer.start();
  await new Promise((r) => setTimeout(r, 2000)); // let the group settle

  const started = performance.now();
  let next = 0;
  const writer = async () => {
    while (next < total) {
      next += 1;
      const event = await inTransaction(dataSource, (manager) =>
        appendToOutbox(manager, {
          type: 'registry.region.created',
          subject: randomUUID(),
          regionCode: '47',
          data: { regionId: randomUUID(), code: '47', name: 'Ленинградская область' },
        }),
      );
      committedAt.set(event.id, performance.now());
    }
  };
  await Promise.all(Array.from({ length: writers }, writer));
  const written = performance.now();
  await allApplied;
  const finished = performance.now();

  delays.sort((a, b) => a - b);
  const seconds = (finished - started) / 1000;
  const memory = process.memoryUsage();
  process.stdout.write(
    [
      `events: ${total}, writers: ${writers}, partitions: 3, Kafka ${brokers.join(',')}, PostgreSQL ${postgres.source}`,
      `write (commit) rate:        ${(total / ((written - started) / 1000)).toFixed(0)} events/s`,
      `end-to-end throughput:      ${(total / seconds).toFixed(0)} events/s (${seconds.toFixed(1)} s for all)`,
      `commit → consumer applied:  p50 ${percentile(delays, 50).toFixed(0)} ms, p95 ${percentile(delays, 95).toFixed(0)} ms, p99 ${percentile(delays, 99).toFixed(0)} ms, max ${delays.at(-1)!.toFixed(0)} ms`,
      `bench process RSS:          ${(memory.rss / 1024 / 1024).toFixed(0)} MiB`,
      '',
    ].join('\n'),
  );

  await consumer.stop();
  await relay.stop();
  await producer.disconnect();
  await dataSource.destroy();
  await dropDatabase(postgres.url, database);
  await broker?.stop();
  rmSync(kafkaDir, { recursive: true, force: true });
  await postgres.stop();
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
