import { parseEnvironment } from '@opora/config';
import { startSubgraphProcess, uniqueSuffix } from '@opora/testing';
import type { TestSubgraphProcess } from '@opora/testing';

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
export function startRegistryProcess(prefix: string): Promise<TestSubgraphProcess> {
  return startSubgraphProcess('registry', {
    prefix,
    env: {
      SCHEDULER_INTERVAL_MS: '0',
      AGREEMENTS_CONSUMER_GROUP: `registry.agreements.${prefix}.${uniqueSuffix()}`,
    },
  });
}

/**
 * Another instance of `registry` on its database — as a deployment runs several — whose scheduler
 * runs every 200 ms taking `asOf` as today (SCHEDULER_AS_OF): the day a status's period ran out,
 * without waiting for it. `stop` leaves the database to the first instance.
 */
export function startRegistrySchedulerInstance(registry: TestSubgraphProcess, asOf: string) {
  return startSubgraphProcess('registry', {
    prefix: 'scheduler',
    sharesDatabaseOf: registry,
    env: {
      SCHEDULER_INTERVAL_MS: '200',
      SCHEDULER_AS_OF: asOf,
      AGREEMENTS_CONSUMER_GROUP: `registry.agreements.scheduler.${uniqueSuffix()}`,
    },
  });
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
