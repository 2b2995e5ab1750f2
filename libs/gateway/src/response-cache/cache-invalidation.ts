import { envelopeSchema } from '@opora/event-contracts';
import type { Logger } from '@opora/logger';
import type { Kafka } from '@opora/messaging';

import type { ResponseCache } from './response-cache';

export interface CacheInvalidation {
  /** True while the consumer is in its group: only then may answers be served from the cache. */
  ready: () => boolean;
  stop: () => Promise<void>;
}

/**
 * Every domain event invalidates what it may have changed, whichever path wrote it (the gateway,
 * a subgraph called directly, the scheduler, the import CLI, another service's consumer): all of
 * them write through an outbox to Kafka. A plain consumer group of this gateway instance's own
 * (`groupId`), from the latest offset: invalidation is idempotent, so no inbox is needed, and
 * every instance must see every event. While the consumer is out of its group (Kafka unreachable,
 * a rebalance, a crash) the cache is bypassed; on every (re)join everything is dropped, since
 * events of the gap were not seen (docs/decisions.md §38).
 */
export function startCacheInvalidation(options: {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  cache: ResponseCache;
  logger: Logger;
  onInvalidated: (entries: number, reason: 'event' | 'rejoin' | 'region' | 'unreadable') => void;
}): CacheInvalidation {
  const { cache, logger, onInvalidated } = options;
  const consumer = options.kafka.consumer({ groupId: options.groupId, allowAutoTopicCreation: false });
  let joined = false;
  const invalidateFor = (value: Buffer | null, offset: string) => {
    const envelope = (() => {
      try {
        return envelopeSchema.safeParse(JSON.parse(value?.toString('utf8') ?? ''));
      } catch {
        return undefined;
      }
    })();
    if (!envelope?.success) {
      // Cannot tell what it changed: everything may be stale.
      logger.warn({ offset }, 'unreadable event: response cache dropped');
      onInvalidated(cache.invalidateAll(), 'unreadable');
    } else if (envelope.data.type.startsWith('registry.region.')) {
      // Regions are listed to every role (`regions`), across regions.
      onInvalidated(cache.invalidateAll(), 'region');
    } else {
      onInvalidated(cache.invalidateRegion(envelope.data.regionCode), 'event');
    }
  };
  consumer.on(consumer.events.GROUP_JOIN, () => {
    onInvalidated(cache.invalidateAll(), 'rejoin');
    joined = true;
  });
  const leave = () => {
    joined = false;
  };
  consumer.on(consumer.events.CRASH, leave);
  consumer.on(consumer.events.DISCONNECT, leave);
  consumer.on(consumer.events.STOP, leave);
  let stopped = false;
  const begin = async () => {
    await consumer.connect();
    await consumer.subscribe({ topics: options.topics, fromBeginning: false });
    await consumer.run({
      eachMessage: ({ message }) => {
        invalidateFor(message.value, message.offset);
        return Promise.resolve();
      },
    });
  };
  // The gateway serves without the cache while Kafka cannot be reached at start-up, and tries again.
  const beginOrRetry = (): void => {
    begin().catch((error: unknown) => {
      logger.warn({ err: error }, 'response cache: Kafka unreachable, cache bypassed; retrying in 30 s');
      if (!stopped) setTimeout(beginOrRetry, 30_000).unref();
    });
  };
  beginOrRetry();
  return {
    ready: () => joined,
    stop: async () => {
      stopped = true;
      joined = false;
      await consumer.disconnect();
    },
  };
}
