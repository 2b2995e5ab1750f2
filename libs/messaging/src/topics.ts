import type { Kafka } from 'kafkajs';

export interface TopicSpec {
  topic: string;
  partitions: number;
  replicationFactor: number;
}

/**
 * Creates the topics a service writes or reads, explicitly, at start-up (brokers run with
 * auto.create.topics.enable=false). Existing topics are left as they are.
 */
export async function ensureTopics(kafka: Kafka, topics: TopicSpec[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((t) => ({
        topic: t.topic,
        numPartitions: t.partitions,
        replicationFactor: t.replicationFactor,
      })),
    });
  } finally {
    await admin.disconnect();
  }
}

/** The dead-letter topic of a consumer group. */
export function deadLetterTopic(groupId: string): string {
  return `opora.dlt.${groupId}`;
}
