import { parseEnvironment } from '@opora/config';
import { freePort, startServiceProcess } from '@opora/provision';
import type { ServiceProcess } from '@opora/provision';
import { createTestDatabase, testInfra } from '@opora/testing';

import { gatewayEnvironmentModel } from '../environment';
import { startGateway } from '../gateway-server';

/** The gateway in this process on a free port, its logs silenced. */
export function startTestGateway(env: Record<string, string>) {
  return startGateway(
    parseEnvironment(gatewayEnvironmentModel, {
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'fatal',
      AUTH_PUBLIC_KEY_FILE: process.env.AUTH_PUBLIC_KEY_FILE,
      ...env,
    }),
  );
}

/**
 * The registry as a real process on a fresh database, as the gateway's specs need it. Its scheduler
 * is off and its agreements consumer has a group of its own, so registries of specs running side
 * by side never share partitions. `stop` also drops the database.
 */
export async function startRegistryProcess(prefix: string): Promise<ServiceProcess & { database: string }> {
  const infra = testInfra();
  const db = await createTestDatabase(prefix);
  const registry = await startServiceProcess({
    name: 'registry',
    entry: 'apps/registry/src/main.ts',
    port: await freePort(),
    env: {
      DATABASE_URL: infra.databaseUrl,
      DATABASE_NAME: db.name,
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      SCHEDULER_INTERVAL_MS: '0',
      AGREEMENTS_CONSUMER_GROUP: `registry.agreements.${db.name}`,
    },
  });
  return {
    ...registry,
    database: db.name,
    stop: async () => {
      await registry.stop();
      await db.drop();
    },
  };
}

/** Sum of a Prometheus series (all label sets matching `labels`) from a /metrics text. */
export function metricSum(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

export async function scrape(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (!response.ok) throw new Error(`/metrics: ${response.status}`);
  return response.text();
}
