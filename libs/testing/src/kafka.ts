import type { DomainEvent } from '@opora/event-contracts';
import { createLogger } from '@opora/logger';
import { createConsumer, createKafka, decodeEvent } from '@opora/messaging';
import type { Kafka, KafkaMessage } from '@opora/messaging';

import { testInfra, uniqueSuffix } from './infra';

export function testKafka(clientId = `test-${uniqueSuffix()}`): Kafka {
  return createKafka(
    { brokers: testInfra().kafkaBrokers, clientId },
    createLogger({ service: 'test', level: 'fatal' }),
  );
}

/**
 * Reads `topic` from the beginning with a throw-away consumer group until `until` holds for the
 * messages seen, or fails after timeoutMs. Topics shared by a whole run hold thousands of events
 * by the end of it, and joining a group is slow on a loaded machine: the bound is generous and
 * messages are taken a batch at a time.
 */
export async function readTopicUntil(
  topic: string,
  until: (messages: KafkaMessage[]) => boolean,
  timeoutMs = 60_000,
): Promise<KafkaMessage[]> {
  const consumer = createConsumer(testKafka(), { groupId: `test-reader-${uniqueSuffix()}` });
  const seen: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`${topic}: за ${timeoutMs} мс нужные сообщения не пришли (получено ${seen.length})`),
          ),
        timeoutMs,
      );
      void consumer.run({
        eachBatch: async ({ batch }) => {
          seen.push(...batch.messages);
          if (until(seen)) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

/**
 * The events among messages read from a shared topic. Specs put poison messages on the run's
 * shared topics on purpose (dead-letter specs), so a reader skips what is not an event instead of
 * throwing inside its consumer and never seeing the rest.
 */
export function eventsOf(messages: readonly KafkaMessage[]): DomainEvent[] {
  return messages.flatMap((m) => {
    try {
      return [decodeEvent(m.value)];
    } catch {
      return [];
    }
  });
}
