import { Registry } from 'prom-client';
import { createServiceDataSource } from '@opora/database';
import { createTestDatabase, testInfra, testKafka, uniqueSuffix } from '@opora/testing';

import {
  appendToOutbox,
  createIdempotentProducer,
  ensureTopics,
  MessagingTables1764000000000,
  registerConsumerLag,
  registerOutboxBacklog,
} from '..';

/** The two messaging series of /metrics, read from a real PostgreSQL and a real Kafka. */
describe('messaging metrics', () => {
  it('counts unpublished outbox rows', async () => {
    const db = await createTestDatabase('outbox_metrics');
    const dataSource = createServiceDataSource({
      serverUrl: testInfra().databaseUrl,
      database: db.name,
      entities: [],
      migrations: [MessagingTables1764000000000],
    });
    await dataSource.initialize();
    try {
      await dataSource.runMigrations();
      const registry = new Registry();
      registerOutboxBacklog(registry, dataSource);
      const backlog = async () =>
        (await registry.getSingleMetric('opora_outbox_backlog')!.get()).values[0].value;
      expect(await backlog()).toBe(0);
      for (const code of ['47', '23'])
        await dataSource.transaction((manager) =>
          appendToOutbox(manager, {
            type: 'registry.region.created',
            subject: crypto.randomUUID(),
            regionCode: code,
            data: { regionId: crypto.randomUUID(), code, name: `Регион ${code}` },
          }),
        );
      expect(await backlog()).toBe(2);
      await dataSource.query(`update outbox set published_at = now()`);
      expect(await backlog()).toBe(0);
    } finally {
      await dataSource.destroy();
      await db.drop();
    }
  });

  it('reports consumer lag per partition: high watermark minus the committed offset', async () => {
    const kafka = testKafka();
    const topic = `test.lag.${uniqueSuffix()}`;
    const groupId = `test-lag-${uniqueSuffix()}`;
    await ensureTopics(kafka, [{ topic, partitions: 1, replicationFactor: 1 }]);
    const producer = createIdempotentProducer(kafka);
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: 5 }, (_, i) => ({ value: `m${i}` })) });
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    try {
      const registry = new Registry();
      registerConsumerLag(
        registry,
        () => Promise.resolve(admin),
        () => [{ groupId, topics: [topic] }],
      );
      const lag = async () =>
        (await registry.getSingleMetric('opora_consumer_lag')!.get()).values.find(
          (v) => v.labels.topic === topic && v.labels.partition === '0',
        )?.value;
      expect(await lag()).toBe(5); // nothing committed yet: the whole partition
      await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '2' }] });
      expect(await lag()).toBe(3);
    } finally {
      await admin.disconnect();
    }
  });
});
