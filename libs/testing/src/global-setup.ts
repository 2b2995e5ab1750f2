import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { providePostgres, startLocalKafka, workspaceRoot } from '@opora/provision';

import { setShared } from './shared-infra';
import { testKeys } from './tokens';

/**
 * Provisions, once per test run, the real services the specs need: PostgreSQL (DATABASE_URL, the
 * local server, or an embedded one) and Kafka (KAFKA_BROKERS, or a fresh single-node KRaft broker
 * on a free loopback port with its data in a temporary folder). Specs read them through
 * `testInfra()`; each spec creates its own databases and topics, so specs run in parallel.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  // Services that specs start (here or as child processes) verify tokens with this public key.
  const keys = testKeys();
  process.env.AUTH_PUBLIC_KEY_FILE = keys.publicKeyFile;
  process.env.AUTH_ISSUER = 'opora-dev';
  process.env.AUTH_AUDIENCE = 'opora-api';
  const postgres = await providePostgres({
    url: process.env.DATABASE_URL,
    embeddedDir: join(workspaceRoot(), '.data/test-postgres'),
    embeddedPort: 54330,
  });
  process.env.OPORA_TEST_DATABASE_URL = postgres.url;
  let kafkaStop: (() => Promise<void>) | undefined;
  if (process.env.KAFKA_BROKERS) {
    process.env.OPORA_TEST_KAFKA_BROKERS = process.env.KAFKA_BROKERS;
  } else {
    const dataDir = mkdtempSync(join(tmpdir(), 'opora-test-kafka-'));
    const kafka = await startLocalKafka({ dataDir, heap: '768m' });
    process.env.OPORA_TEST_KAFKA_BROKERS = kafka.brokers.join(',');
    kafkaStop = async () => {
      await kafka.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }
  setShared({ stopPostgres: postgres.stop, stopKafka: kafkaStop });
  process.stdout.write(
    `\n[opora] PostgreSQL (${postgres.source}) и Kafka ${process.env.OPORA_TEST_KAFKA_BROKERS} готовы за ${Date.now() - started} мс\n`,
  );
}
