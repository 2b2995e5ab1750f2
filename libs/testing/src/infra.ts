import { randomBytes } from 'node:crypto';

import { dropDatabase, ensureDatabase } from '@opora/database';

export interface TestInfra {
  /** Server URL of the PostgreSQL provisioned for this run. */
  databaseUrl: string;
  kafkaBrokers: string[];
}

/** What globalSetup provisioned. Fails loudly when a spec runs without it. */
export function testInfra(): TestInfra {
  const databaseUrl = process.env.OPORA_TEST_DATABASE_URL;
  const brokers = process.env.OPORA_TEST_KAFKA_BROKERS;
  if (!databaseUrl || !brokers)
    throw new Error('Тестовая инфраструктура не поднята: запускайте через jest (globalSetup)');
  return { databaseUrl, kafkaBrokers: brokers.split(',') };
}

/** A short random suffix for names that must not collide between parallel specs. */
export function uniqueSuffix(): string {
  return randomBytes(5).toString('hex');
}

/** A fresh database for one spec file; drop it in afterAll. */
export async function createTestDatabase(
  prefix: string,
): Promise<{ name: string; drop: () => Promise<void> }> {
  const { databaseUrl } = testInfra();
  const name = `test_${prefix}_${uniqueSuffix()}`;
  await ensureDatabase(databaseUrl, name);
  return { name, drop: () => dropDatabase(databaseUrl, name) };
}
