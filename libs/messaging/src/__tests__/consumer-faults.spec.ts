import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { createServiceDataSource } from '@opora/database';
import type { DomainEvent } from '@opora/event-contracts';
import { createLogger } from '@opora/logger';
import { workspaceRoot } from '@opora/provision';
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
  encodeEvent,
  ensureTopics,
  IdempotentConsumer,
  MessagingTables1764000000000,
  registerConsumerLag,
} from '..';
import type { Producer } from '..';

import { APPLIED_TABLE, organizationCreatedEnvelope as envelope, recordApplied } from './fixtures/events';

/**
 * Issue #14, point 2: the consumer under faults, against the shared test PostgreSQL and Kafka
 * (nothing here stops them; kafka-outage.spec.ts has its own broker). docs/decisions.md §41.
 */
const logger = createLogger({ service: 'test', level: 'fatal' });

describe('consumer under faults (real PostgreSQL and Kafka)', () => {
  const kafka = testKafka();
  const topic = `test.faults.${uniqueSuffix()}`;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let producer: Producer;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('consumer_faults');
    dataSource = createServiceDataSource({
      serverUrl: testInfra().databaseUrl,
      database: db.name,
      entities: [],
      migrations: [MessagingTables1764000000000],
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    await dataSource.query(APPLIED_TABLE);
    await ensureTopics(kafka, [{ topic, partitions: 3, replicationFactor: 1 }]);
    producer = createIdempotentProducer(kafka);
    await producer.connect();
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await producer?.disconnect();
    await dataSource?.destroy();
    await db?.drop();
  });

  const count = async (sql: string, params: unknown[] = []) =>
    Number(((await dataSource.query(sql, params)) as { n: string }[])[0].n);

  /** The consumer as its own process (fixtures/consumer-process.ts); resolves once it has started. */
  async function consumerProcess(groupId: string, consumeTopic = topic): Promise<ChildProcess> {
    const root = workspaceRoot();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'fixtures/consumer-process.ts')],
      {
        cwd: root,
        env: {
          ...process.env,
          TSX_TSCONFIG_PATH: join(root, 'tsconfig.base.json'),
          FIXTURE_BROKERS: testInfra().kafkaBrokers.join(','),
          FIXTURE_SERVER_URL: testInfra().databaseUrl,
          FIXTURE_DATABASE: db.name,
          FIXTURE_GROUP: groupId,
          FIXTURE_TOPIC: consumeTopic,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.push(child);
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('started')) resolve();
      });
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => reject(new Error(`потребитель завершился (${code}): ${output}`)));
    });
    return child;
  }

  const exited = (child: ChildProcess) =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => child.once('exit', () => resolve()));

  it('issue #8: a consumer stopped as a service stops (SIGTERM) leaves its group; a new member consumes within seconds, well under the 30 s session timeout', async () => {
    const groupTopic = `test.leave.${uniqueSuffix()}`;
    await ensureTopics(kafka, [{ topic: groupTopic, partitions: 3, replicationFactor: 1 }]);
    const groupId = `test-leave-${uniqueSuffix()}`;
    const first = await consumerProcess(groupId, groupTopic);
    const before = envelope();
    await producer.send({
      topic: groupTopic,
      messages: [{ key: before.subject, value: encodeEvent(before) }],
    });
    await eventually(
      async () => (await count(`select count(*) as n from applied where event_id = $1`, [before.id])) === 1,
      30_000,
      'первый участник применил событие',
    );
    first.kill('SIGTERM');
    await exited(first);
    expect(first.exitCode).toBe(0);

    // The new member is in this process, so that the time counts its join, not a Node start.
    const stoppedAt = Date.now();
    const next = new IdempotentConsumer({
      kafka,
      dataSource,
      logger,
      groupId,
      topics: [groupTopic],
      handlers: {
        'registry.organization.created': recordApplied,
      },
    });
    await next.start();
    try {
      const after = envelope();
      await producer.send({
        topic: groupTopic,
        messages: [{ key: after.subject, value: encodeEvent(after) }],
      });
      await eventually(
        async () => (await count(`select count(*) as n from applied where event_id = $1`, [after.id])) === 1,
        20_000,
        'новый участник применил событие',
      );
      // A member that did not leave would hold its partitions until its 30 s session expired.
      expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    } finally {
      await next.stop();
    }
  });

  it('the same message delivered twice and out of order across partitions of different keys has one effect each', async () => {
    const events = Array.from({ length: 6 }, () => envelope());
    const seen: string[] = [];
    const consumer = new IdempotentConsumer({
      kafka,
      dataSource,
      logger,
      groupId: `test-dup-${uniqueSuffix()}`,
      topics: [topic],
      handlers: {
        'registry.organization.created': async (event, manager) => {
          seen.push(event.id);
          await recordApplied(event, manager);
        },
      },
    });
    await consumer.start();
    try {
      const message = (e: DomainEvent) => ({ key: e.subject, value: encodeEvent(e) });
      // Later events first, then every event again (a producer's retry, a relay re-publishing
      // after a crash), in separate sends so that they land in separate fetches too.
      await producer.send({ topic, messages: [...events].reverse().map(message) });
      await producer.send({ topic, messages: events.map(message) });
      await producer.send({ topic, messages: [events[2], events[0]].map(message) });
      const ids = events.map((e) => e.id);
      await eventually(
        async () =>
          (await count(`select count(*) as n from inbox where event_id = any($1::uuid[])`, [ids])) === 6,
        30_000,
        'все события в inbox',
      );
      await new Promise((r) => setTimeout(r, 1000)); // the redeliveries have been read too
      expect(await count(`select count(*) as n from applied where event_id = any($1::uuid[])`, [ids])).toBe(
        6,
      );
      expect(
        await count(`select count(distinct event_id) as n from applied where event_id = any($1::uuid[])`, [
          ids,
        ]),
      ).toBe(6);
      expect(new Set(seen).size).toBe(seen.length);
    } finally {
      await consumer.stop();
    }
  });

  it('a poison message among good ones goes to the dead-letter topic with its error, the rest flow, and the consumer lag returns to zero', async () => {
    const groupId = `test-poison-${uniqueSuffix()}`;
    const poisonTopic = `test.poison.${uniqueSuffix()}`;
    await ensureTopics(kafka, [{ topic: poisonTopic, partitions: 3, replicationFactor: 1 }]);
    const good = Array.from({ length: 200 }, () => envelope());
    const poison = envelope();
    const consumer = new IdempotentConsumer({
      kafka,
      dataSource,
      logger,
      groupId,
      topics: [poisonTopic],
      maxAttempts: 3,
      retryBackoffMs: 10,
      handlers: {
        'registry.organization.created': async (event, manager) => {
          if (event.id === poison.id) throw new Error('организация не найдена в проекции');
          await recordApplied(event, manager);
        },
      },
    });
    const metrics = new Registry();
    const admin = kafka.admin();
    await admin.connect();
    registerConsumerLag(
      metrics,
      () => Promise.resolve(admin),
      () => [{ groupId, topics: [poisonTopic] }],
    );
    const lag = async () => {
      const metric = await metrics.getSingleMetric('opora_consumer_lag')!.get();
      return metric.values.reduce((sum, v) => sum + v.value, 0);
    };
    // Written before the consumer starts, so the poison sits in the middle of one batch.
    const all = [...good.slice(0, 100), poison, ...good.slice(100)];
    await producer.send({
      topic: poisonTopic,
      messages: all.map((e) => ({ key: e.subject, value: encodeEvent(e) })),
    });
    expect(await lag()).toBe(201);
    await consumer.start();
    try {
      const ids = good.map((e) => e.id);
      await eventually(
        async () =>
          (await count(`select count(*) as n from applied where event_id = any($1::uuid[])`, [ids])) === 200,
        30_000,
        'все хорошие события применены',
      );
      const dead = await readTopicUntil(consumer.deadLetterTopic, (messages) =>
        messages.some((m) => m.key?.toString() === poison.subject),
      );
      const message = dead.find((m) => m.key?.toString() === poison.subject)!;
      expect(message.headers?.['x-dlt-error']?.toString()).toBe('организация не найдена в проекции');
      expect(message.headers?.['x-dlt-attempts']?.toString()).toBe('3');
      expect(
        await dataSource.query(`select outcome from inbox where consumer_group = $1 and event_id = $2`, [
          groupId,
          poison.id,
        ]),
      ).toEqual([{ outcome: 'DEAD_LETTERED' }]);
      await eventually(async () => (await lag()) === 0, 30_000, 'отставание потребителя вернулось к нулю');
    } finally {
      await consumer.stop();
      await admin.disconnect();
    }
  });

  // Ten starts of a Node process that joins a group; each next process starts while the previous
  // one still consumes, so only the group's 6 s wait for the killed member is paid ten times.
  it('a consumer process killed (SIGKILL) in the middle of its batches ten times while events flow: the effects equal the events, no duplicates, no gaps', async () => {
    // Its own topic: this flow must not flood the topics that other specs read from the start.
    const killTopic = `test.kill.${uniqueSuffix()}`;
    await ensureTopics(kafka, [{ topic: killTopic, partitions: 3, replicationFactor: 1 }]);
    const groupId = `test-kill-${uniqueSuffix()}`;
    // Events flow the whole time: 20 every 50 ms, counted once Kafka has acknowledged them.
    let writing = true;
    const written: string[] = [];
    const writer = (async () => {
      while (writing) {
        const events = Array.from({ length: 20 }, () => envelope());
        await producer.send({
          topic: killTopic,
          acks: -1,
          messages: events.map((e) => ({ key: e.subject, value: encodeEvent(e) })),
        });
        written.push(...events.map((e) => e.id));
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const appliedCount = () => count(`select count(*) as n from applied`);
    try {
      let next = consumerProcess(groupId, killTopic);
      for (let kill = 1; kill <= 10; kill += 1) {
        const child = await next;
        const before = await appliedCount();
        // Killed once it is applying: its effects are growing, so a batch is under way.
        await eventually(
          async () => (await appliedCount()) > before,
          60_000,
          `потребитель ${kill} применяет`,
        );
        next = consumerProcess(groupId, killTopic);
        await new Promise((r) => setTimeout(r, Math.random() * 300));
        child.kill('SIGKILL');
        await exited(child);
      }
      const last = await next;
      writing = false;
      await writer;
      try {
        await eventually(
          async () =>
            (await count(
              `select count(distinct a.event_id) as n from applied a where a.event_id = any($1::uuid[])`,
              [written],
            )) === written.length,
          90_000,
          'все события применены',
        );
        expect(
          await count(`select count(*) as n from applied where event_id = any($1::uuid[])`, [written]),
        ).toBe(written.length);
        expect(written.length).toBeGreaterThan(100);
      } finally {
        last.kill('SIGTERM');
        await exited(last);
      }
    } finally {
      writing = false;
      await writer;
    }
  }, 240_000);
});
