import { parseEnvironment } from '@opora/config';
import { startService } from '@opora/subgraph-server';
import type { RunningService } from '@opora/subgraph-server';
import { createTestDatabase, testInfra, uniqueSuffix } from '@opora/testing';

import { registryEnvironmentModel } from '../environment';
import type { RegistryEnvironment } from '../environment';
import type { Today } from '../modules/status/status-clock';
import { startStatusWorkers } from '../modules/status/status-workers';
import { registryFeatures, registryService } from '../registry-service';
import type { RegistryContext } from '../registry-service';

/**
 * The registry in this process on a fresh database and a free port; statements are counted; its
 * today may be fixed (past documents entered "now" in a spec of 2021 stay current). The
 * scheduler is off (specs run it with a chosen date) and the agreements consumer has its own group,
 * so registries of specs running side by side do not share partitions.
 */
export async function startTestRegistry(
  options: {
    database?: { name: string; drop: () => Promise<void> };
    env?: Record<string, string>;
    /** The day the rules and the scheduler take as today (default: each region's own date). */
    today?: Today;
  } = {},
): Promise<{
  service: RunningService;
  url: string;
  /** The consumer group of the agreements consumer, unique to this registry. */
  agreementsGroup: string;
  statements: string[];
  stop: () => Promise<void>;
}> {
  const infra = testInfra();
  const db = options.database ?? (await createTestDatabase('registry'));
  const statements: string[] = [];
  const agreementsGroup = `registry.agreements.test-${uniqueSuffix()}`;
  const service = await startService<RegistryContext, RegistryEnvironment>({
    ...registryService,
    environment: parseEnvironment(registryEnvironmentModel, {
      DATABASE_URL: infra.databaseUrl,
      DATABASE_NAME: db.name,
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'fatal',
      SCHEDULER_INTERVAL_MS: '0',
      AGREEMENTS_CONSUMER_GROUP: agreementsGroup,
      ...options.env,
    }),
    ...(options.today && {
      createContext: (base, deps) => registryFeatures.createContext(base, { ...deps, today: options.today }),
      workers: (deps) => startStatusWorkers(deps, options.today),
    }),
    onQuery: (sql) => {
      if (!isBackgroundMessaging(sql)) statements.push(sql);
    },
  });
  return {
    service,
    url: service.url,
    agreementsGroup: options.env?.AGREEMENTS_CONSUMER_GROUP ?? agreementsGroup,
    statements,
    stop: async () => {
      await service.stop();
      await db.drop();
    },
  };
}

/**
 * Statements of the outbox relay's periodic sweep and of the idempotent consumer run on their own
 * timers, not for a request: counted in, they made "statements per request" depend on whether a
 * sweep fell inside the measured window (seen under load). Requests that read never open a
 * transaction, so transaction control counts as background too.
 */
function isBackgroundMessaging(sql: string): boolean {
  return /pg_try_advisory|\b(from|update) outbox\b|\binbox\b|^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)\b/i.test(
    sql,
  );
}
