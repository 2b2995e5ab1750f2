import { createLogger } from '@opora/logger';
import { createConsumer, createKafka } from '@opora/messaging';
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
 * messages seen, or fails after timeoutMs.
 */
export async function readTopicUntil(
  topic: string,
  until: (messages: KafkaMessage[]) => boolean,
  timeoutMs = 30_000,
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
        eachMessage: async ({ message }) => {
          seen.push(message);
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
