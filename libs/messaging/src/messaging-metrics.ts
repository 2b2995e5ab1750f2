import type { Admin } from 'kafkajs';
import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

/**
 * Outbox rows not yet published to Kafka, read when Prometheus scrapes (one indexed count over
 * the partial index outbox_unpublished). A growing backlog means Kafka is down or the relay is stuck.
 */
export function registerOutboxBacklog(registry: Registry, dataSource: DataSource): Gauge {
  return new Gauge({
    name: 'opora_outbox_backlog',
    help: 'Outbox events written but not yet published to Kafka',
    registers: [registry],
    async collect() {
      if (!dataSource.isInitialized) return;
      const rows = (await dataSource.query(
        `select count(*)::int as n from outbox where published_at is null`,
      )) as {
        n: number;
      }[];
      this.set(rows[0].n);
    },
  });
}

export interface ConsumerSubscription {
  groupId: string;
  topics: string[];
}

/**
 * Messages of each partition of `topics` that the group has not committed yet: the high watermark
 * minus the committed offset (the whole partition when the group has committed nothing yet). The
 * metric below and the monitoring service's freshness answers read it alike.
 */
export async function consumerLagOf(
  client: Admin,
  groupId: string,
  topics: string[],
): Promise<{ topic: string; partition: number; lag: number }[]> {
  const lags: { topic: string; partition: number; lag: number }[] = [];
  const committed = await client.fetchOffsets({ groupId, topics });
  // Every asked topic, whether or not the group has committed in it: a group that has not yet
  // committed anything (a rebuild just starting) is behind by whole partitions, not by nothing.
  for (const topic of topics) {
    const partitions = committed.find((c) => c.topic === topic)?.partitions ?? [];
    const high = await client.fetchTopicOffsets(topic);
    for (const { partition, high: highWatermark, low } of high) {
      const offset = partitions.find((p) => p.partition === partition)?.offset ?? '-1';
      const from = Number(offset) >= 0 ? Number(offset) : Number(low);
      lags.push({ topic, partition, lag: Math.max(0, Number(highWatermark) - from) });
    }
  }
  return lags;
}

/**
 * Consumer lag per group, topic and partition: the partition's high watermark minus the group's
 * committed offset (the whole partition when the group has committed nothing yet), read through
 * the Kafka admin API when Prometheus scrapes.
 */
export function registerConsumerLag(
  registry: Registry,
  admin: () => Promise<Admin>,
  subscriptions: () => ConsumerSubscription[],
): Gauge<'group' | 'topic' | 'partition'> {
  return new Gauge({
    name: 'opora_consumer_lag',
    help: 'Messages in a partition not yet committed by the consumer group',
    labelNames: ['group', 'topic', 'partition'] as const,
    registers: [registry],
    async collect() {
      const subs = subscriptions();
      if (subs.length === 0) return;
      const client = await admin();
      this.reset();
      for (const { groupId, topics } of subs)
        for (const { topic, partition, lag } of await consumerLagOf(client, groupId, topics))
          this.set({ group: groupId, topic, partition: String(partition) }, lag);
    },
  });
}
