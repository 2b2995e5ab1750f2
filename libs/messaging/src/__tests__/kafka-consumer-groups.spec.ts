import { testKafka, uniqueSuffix, eventually } from '@opora/testing';

import { createConsumer, createIdempotentProducer, ensureTopics } from '..';
import type { Consumer } from '..';

/**
 * Proves that kafkajs consumer groups work against the Kafka version pinned in
 * infra/kafka/pom.xml (4.x removed old protocol versions): members join, offsets are committed
 * and honoured, and a second member joining triggers a rebalance that splits the partitions.
 */
describe('kafkajs consumer groups against the pinned Kafka broker', () => {
  const kafka = testKafka();
  const topic = `test.groups.${uniqueSuffix()}`;
  const groupId = `test-group-${uniqueSuffix()}`;
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    await ensureTopics(kafka, [{ topic, partitions: 4, replicationFactor: 1 }]);
  });

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.disconnect()));
  });

  async function member(name: string, received: string[], assigned: Map<string, number[]>) {
    const consumer = createConsumer(kafka, { groupId });
    consumers.push(consumer);
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      assigned.set(name, payload.memberAssignment[topic] ?? []);
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message, partition }) => {
        received.push(message.value!.toString());
        await consumer.commitOffsets([
          { topic, partition, offset: (BigInt(message.offset) + 1n).toString() },
        ]);
      },
    });
    return consumer;
  }

  it('joins, commits, rebalances when a second member joins, and resumes from committed offsets', async () => {
    const producer = createIdempotentProducer(kafka);
    await producer.connect();
    const send = (from: number, to: number) =>
      producer.send({
        topic,
        messages: Array.from({ length: to - from }, (_, i) => ({
          key: `k${from + i}`,
          value: `m${from + i}`,
        })),
      });

    const received: string[] = [];
    const assigned = new Map<string, number[]>();
    const first = await member('first', received, assigned);
    await eventually(
      async () => (assigned.get('first')?.length ?? 0) === 4,
      30_000,
      'первый участник получил все 4 раздела',
    );
    await send(0, 20);
    await eventually(async () => received.length >= 20, 30_000, 'первые 20 сообщений');

    await member('second', received, assigned);
    await eventually(
      async () =>
        (assigned.get('second')?.length ?? 0) > 0 &&
        (assigned.get('first')?.length ?? 0) + (assigned.get('second')?.length ?? 0) === 4,
      30_000,
      'разделы поделены между двумя участниками',
    );
    expect(new Set([...assigned.get('first')!, ...assigned.get('second')!]).size).toBe(4);

    await send(20, 40);
    await eventually(async () => new Set(received).size >= 40, 30_000, 'все 40 сообщений');

    // Every member leaves; a new member of the same group starts from the committed offsets.
    await Promise.all(consumers.splice(0).map((c) => c.disconnect()));
    expect(first).toBeDefined();
    const afterRestart: string[] = [];
    await member('third', afterRestart, assigned);
    await eventually(
      async () => (assigned.get('third')?.length ?? 0) === 4,
      30_000,
      'новый участник получил разделы',
    );
    await send(40, 45);
    await eventually(async () => afterRestart.length >= 5, 30_000, 'новые сообщения');
    expect(afterRestart.sort()).toEqual(['m40', 'm41', 'm42', 'm43', 'm44']);
    await producer.disconnect();
  });
});
