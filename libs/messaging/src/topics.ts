import type { Kafka } from 'kafkajs';

export interface TopicSpec {
  topic: string;
  partitions: number;
  replicationFactor: number;
}

/**
 * Creates the topics a service writes or reads, explicitly, at start-up (brokers run with
 * auto.create.topics.enable=false). Existing topics are left as they are. Several services (or
 * instances) may create the same topic at once: whoever loses the race gets "already exists", and
 * a new topic's metadata reaches the broker's cache a moment after creation, so the wait for
 * leaders is ours and tolerates "unknown topic" until `timeoutMs`.
 */
export async function ensureTopics(kafka: Kafka, topics: TopicSpec[], timeoutMs = 20_000): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: false,
      topics: missing.map((t) => ({
        topic: t.topic,
        numPartitions: t.partitions,
        replicationFactor: t.replicationFactor,
      })),
    });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const { topics: metadata } = await admin.fetchTopicMetadata({ topics: missing.map((t) => t.topic) });
        const ready = metadata.every(
          (topic) =>
            topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0),
        );
        if (ready) return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
      if (Date.now() > deadline)
        throw new Error(
          `Kafka: у тем ${missing.map((t) => t.topic).join(', ')} нет лидеров за ${timeoutMs} мс`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await admin.disconnect();
  }
}

/** The dead-letter topic of a consumer group. */
export function deadLetterTopic(groupId: string): string {
  return `opora.dlt.${groupId}`;
}
