import { rmSync } from 'node:fs';

import { getShared } from './shared-infra';

export default async function globalTeardown(): Promise<void> {
  const { stopKafka, stopPostgres } = getShared();
  await stopKafka?.();
  await stopPostgres?.();
  const dir = process.env.OPORA_TEST_KAFKA_DIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
