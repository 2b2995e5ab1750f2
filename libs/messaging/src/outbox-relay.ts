import type { Producer } from 'kafkajs';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { Logger } from '@opora/logger';

import { OUTBOX_CHANNEL } from './outbox';

interface OutboxRow {
  seq: string;
  topic: string;
  message_key: string;
  payload: unknown;
  headers: Record<string, string>;
}

export interface OutboxRelayOptions {
  dataSource: DataSource;
  /** A connected idempotent producer (createIdempotentProducer). */
  producer: Producer;
  /** Connection string of the service database, for the dedicated LISTEN connection. */
  listenUrl: string;
  logger: Logger;
  batchSize?: number;
  /** A safety net for notifications missed while the LISTEN connection was down. */
  sweepIntervalMs?: number;
  /** Published rows are kept this long for inspection, then deleted. */
  retentionHours?: number;
}

// Arbitrary constant: the advisory lock that makes one relay drain at a time per database,
// so that several instances of a service never publish one aggregate's events out of order.
const RELAY_LOCK = 7_246_311;

/**
 * Publishes outbox rows to Kafka in commit order, then marks them published in the same
 * transaction that locked them.
 *
 * Guarantees: at-least-once (a crash between the Kafka ack and the commit republishes the batch;
 * consumers de-duplicate by event id); per-key order (one drainer at a time, rows in `seq` order,
 * idempotent producer with one request in flight). Kafka being down delays events, never loses
 * them: the transaction rolls back and the relay retries with backoff.
 *
 * Woken by PostgreSQL LISTEN/NOTIFY (appendToOutbox notifies on commit), not by busy polling;
 * a slow sweep catches anything written while the listener was reconnecting.
 */
export class OutboxRelay {
  private listener?: Client;
  private sweepTimer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private wakeAgain = false;
  private stopped = false;
  private failures = 0;
  private retryTimer?: NodeJS.Timeout;
  private lastCleanup = 0;
  private readonly log: Logger;
  private readonly batchSize: number;

  constructor(private readonly options: OutboxRelayOptions) {
    this.log = options.logger.child({ component: 'outbox-relay' });
    this.batchSize = options.batchSize ?? 500;
  }

  async start(): Promise<void> {
    await this.listen();
    this.sweepTimer = setInterval(() => this.wake(), this.options.sweepIntervalMs ?? 5000);
    this.sweepTimer.unref();
    this.wake();
  }

  /** Asks for a drain; coalesces with one already running. */
  wake(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.wakeAgain = true;
      return;
    }
    if (this.retryTimer) return; // backing off after a failure
    this.draining = this.drainLoop().finally(() => {
      this.draining = undefined;
    });
  }

  /** Publishes everything committed so far; resolves when the outbox is empty (or Kafka fails). */
  async flush(): Promise<void> {
    if (this.draining) await this.draining;
    while ((await this.drainOnce()) > 0) {
      // keep draining
    }
  }

  /** Stops listening, finishes the drain under way, publishes what is left, and closes. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.draining) await this.draining;
    try {
      await this.flush();
    } catch (error) {
      this.log.warn({ err: error }, 'outbox not fully published at shutdown; it will be on next start');
    }
    await this.listener?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.options.listenUrl, application_name: 'outbox-relay' });
    client.on('notification', () => this.wake());
    client.on('error', (error) => {
      this.log.warn({ err: error }, 'outbox LISTEN connection lost; reconnecting');
      void client.end().catch(() => undefined);
      this.reconnectListener();
    });
    await client.connect();
    await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    this.listener = client;
  }

  private reconnectListener(attempt = 1): void {
    if (this.stopped) return;
    const delay = Math.min(30_000, 500 * 2 ** attempt);
    setTimeout(() => {
      this.listen()
        .then(() => this.wake())
        .catch(() => this.reconnectListener(attempt + 1));
    }, delay).unref();
  }

  private async drainLoop(): Promise<void> {
    try {
      do {
        this.wakeAgain = false;
        while (!this.stopped && (await this.drainOnce()) === this.batchSize) {
          // a full batch: there may be more
        }
      } while (this.wakeAgain && !this.stopped);
      this.failures = 0;
      await this.cleanupIfDue();
    } catch (error) {
      this.failures += 1;
      const delay = Math.min(30_000, 250 * 2 ** this.failures);
      this.log.error({ err: error, retryInMs: delay }, 'outbox publish failed; will retry');
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.wake();
      }, delay);
      this.retryTimer.unref();
    }
  }

  /** One batch in one transaction; returns how many rows it published. */
  private drainOnce(): Promise<number> {
    return this.options.dataSource.transaction(async (manager) => {
      const [{ locked }] = (await manager.query(`select pg_try_advisory_xact_lock($1) as locked`, [
        RELAY_LOCK,
      ])) as {
        locked: boolean;
      }[];
      if (!locked) return 0; // another instance is draining; its NOTIFY-driven loop covers these rows
      const rows = (await manager.query(
        `select seq, topic, message_key, payload, headers from outbox
          where published_at is null order by seq limit $1`,
        [this.batchSize],
      )) as OutboxRow[];
      if (rows.length === 0) return 0;
      const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
      for (const row of rows) {
        const messages = byTopic.get(row.topic) ?? [];
        messages.push({ key: row.message_key, value: JSON.stringify(row.payload), headers: row.headers });
        byTopic.set(row.topic, messages);
      }
      await this.options.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
      await manager.query(`update outbox set published_at = now() where seq = any($1::bigint[])`, [
        rows.map((r) => r.seq),
      ]);
      return rows.length;
    });
  }

  private async cleanupIfDue(): Promise<void> {
    if (Date.now() - this.lastCleanup < 3_600_000) return;
    this.lastCleanup = Date.now();
    const hours = this.options.retentionHours ?? 72;
    await this.options.dataSource.query(
      `delete from outbox where published_at < now() - make_interval(hours => $1)`,
      [hours],
    );
  }
}
