/**
 * Benchmark of outbox → relay → Kafka → idempotent consumer, in three phases on one database and
 * topic (3 partitions):
 *
 * 1. saturation: `events` events written by `writers` concurrent writers as fast as they can; the
 *    write (commit) rate, the relay's rate (outbox rows published per second), the consumer's rate
 *    (effects applied per second), and commit → applied p50/p95/p99;
 * 1b. the same by an import: transactions of 500 events, so that the writers are not the limit
 *    and the relay's and consumer's own rates show;
 * 2. sustainable rate: `events` more written at a fixed `rate` per second; commit → applied
 *    p50/p95/p99 at that rate;
 * 3. replay: a new consumer group reads the topic from offset zero into an empty effect table;
 *    its rate.
 *
 *   npm run bench:events -- [events=10000] [writers=8] [rate=2000]
 *
 * Uses DATABASE_URL / KAFKA_BROKERS when given, else the local PostgreSQL and a local Kafka
 * broker started for the run. Prints figures with the data size and the load average; asserts
 * nothing.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
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
  appendManyToOutbox,
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
const paceRate = Number(process.argv[4] ?? 2000);

interface Phase {
  /** When the last writer committed (0 while writing). */
  writtenAt: number;
  applied: number;
  expected: number;
  done: () => void;
}

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
  await dataSource.query('create table replayed (event_id uuid primary key)');

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

  // Both times are taken when they happen and matched at the end: under load the consumer may
  // apply an event before its writer's code has run again after the commit.
  const committedAt = new Map<string, number>();
  const appliedAt = new Map<string, number>();
  let phase: Phase = newPhase(0);
  function newPhase(expected: number, done: () => void = () => undefined): Phase {
    return { writtenAt: 0, applied: 0, expected, done };
  }
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
    appliedAt.set(event.id, performance.now());
    phase.applied += 1;
    if (phase.applied === phase.expected) phase.done();
  });
  await consumer.start();
  await new Promise((r) => setTimeout(r, 2000)); // let the group settle

  /**
   * Writes `count` events by `writers` writers, `perTransaction` events in each transaction (1: a
   * change per transaction; more: an import); paced when `rate` is given.
   */
  async function run(count: number, rate?: number, perTransaction = 1) {
    let resolveDone!: () => void;
    const allApplied = new Promise<void>((resolve) => (resolveDone = resolve));
    phase = newPhase(count, resolveDone);
    const started = performance.now();
    let next = 0;
    const ids: string[] = [];
    const writer = async () => {
      while (next < count) {
        const index = next;
        const size = Math.min(perTransaction, count - index);
        next += size;
        if (rate) {
          const due = started + (index * 1000) / rate;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        }
        const events = await inTransaction(dataSource, (manager) =>
          appendManyToOutbox(
            manager,
            Array.from({ length: size }, () => ({
              type: 'registry.region.created' as const,
              subject: randomUUID(),
              regionCode: '47',
              data: { regionId: randomUUID(), code: '47', name: 'Ленинградская область' },
            })),
          ),
        );
        const now = performance.now();
        for (const event of events) {
          committedAt.set(event.id, now);
          ids.push(event.id);
        }
      }
    };
    const watchRelay = (async () => {
      for (;;) {
        const [{ n }] = (await dataSource.query(
          'select count(*)::int as n from outbox where published_at is null',
        )) as { n: number }[];
        if (n === 0 && phase.writtenAt > 0) return performance.now();
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await Promise.all(Array.from({ length: writers }, writer));
    phase.writtenAt = performance.now();
    const publishedAt = await watchRelay;
    await allApplied;
    const finishedAt = performance.now();
    const delays = ids.map((id) => appliedAt.get(id)! - committedAt.get(id)!).sort((a, b) => a - b);
    return {
      writeRate: count / ((phase.writtenAt - started) / 1000),
      relayRate: count / ((publishedAt - started) / 1000),
      endToEnd: count / ((finishedAt - started) / 1000),
      seconds: (finishedAt - started) / 1000,
      delays,
    };
  }

  const saturated = await run(total);
  const burst = await run(total, undefined, 500);
  // Eight writers commit some 600 one-event transactions a second on this 2-core machine: the
  // offered rate is reached with transactions of a few events (200 transactions a second).
  const pacedPerTransaction = Math.max(1, Math.ceil(paceRate / 200));
  const paced = await run(total, paceRate, pacedPerTransaction);

  // Replay: an empty consumer (new group, empty table) reads everything from offset zero.
  let replayed = 0;
  let firstReplayed = 0;
  let replayDone!: () => void;
  const replayFinished = new Promise<void>((resolve) => (replayDone = resolve));
  const replay = new IdempotentConsumer({
    kafka,
    dataSource,
    groupId: `bench-replay-${randomUUID()}`,
    topics: [topic],
    logger,
    fromBeginning: true,
    handleBatch: async (events, manager) => {
      await manager.query(
        'insert into replayed (event_id) select unnest($1::uuid[]) on conflict do nothing',
        [events.map((e) => e.id)],
      );
    },
  });
  replay.onOutcome((outcome, event) => {
    if (outcome === 'APPLIED' && event.id && committedAt.has(event.id)) {
      if (replayed === 0) firstReplayed = performance.now();
      replayed += 1;
      if (replayed === committedAt.size) replayDone();
    }
  });
  const replayStarted = performance.now();
  await replay.start();
  await replayFinished;
  const replayEnded = performance.now();
  const replaySeconds = (replayEnded - replayStarted) / 1000;
  const replayReading = (replayEnded - firstReplayed) / 1000;

  const ms = (delays: number[], p: number) => `${percentile(delays, p).toFixed(0)} ms`;
  const latency = (delays: number[]) =>
    `p50 ${ms(delays, 50)}, p95 ${ms(delays, 95)}, p99 ${ms(delays, 99)}, max ${delays.at(-1)!.toFixed(0)} ms`;
  const memory = process.memoryUsage();
  process.stdout.write(
    [
      `events: ${total} per phase, writers: ${writers}, partitions: 3, Kafka ${brokers.join(',')}, PostgreSQL ${postgres.source}`,
      `load average (1/5/15 min): ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} on ${cpus().length} CPUs`,
      `saturation (one event per transaction):`,
      `  write (commit) rate:        ${saturated.writeRate.toFixed(0)} events/s`,
      `  relay (outbox → Kafka):     ${saturated.relayRate.toFixed(0)} events/s`,
      `  consumer / end to end:      ${saturated.endToEnd.toFixed(0)} events/s (${saturated.seconds.toFixed(1)} s for all)`,
      `  commit → applied:           ${latency(saturated.delays)}`,
      `saturation by an import (transactions of 500 events):`,
      `  write (commit) rate:        ${burst.writeRate.toFixed(0)} events/s`,
      `  relay (outbox → Kafka):     ${burst.relayRate.toFixed(0)} events/s`,
      `  consumer / end to end:      ${burst.endToEnd.toFixed(0)} events/s (${burst.seconds.toFixed(1)} s for all)`,
      `  commit → applied:           ${latency(burst.delays)}`,
      `sustainable rate (${paceRate} events/s offered, ${pacedPerTransaction} per transaction):`,
      `  write (commit) rate:        ${paced.writeRate.toFixed(0)} events/s`,
      `  commit → applied:           ${latency(paced.delays)}`,
      `replay from offset zero:      ${(committedAt.size / replayReading).toFixed(0)} events/s from the first event applied (${committedAt.size} events in ${replayReading.toFixed(1)} s; ${replaySeconds.toFixed(1)} s with joining the group)`,
      `bench process RSS:            ${(memory.rss / 1024 / 1024).toFixed(0)} MiB`,
      '',
    ].join('\n'),
  );

  await replay.stop();
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
