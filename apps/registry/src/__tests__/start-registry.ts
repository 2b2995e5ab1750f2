import { parseEnvironment } from '@opora/config';
import { startService } from '@opora/subgraph-server';
import type { RunningService } from '@opora/subgraph-server';
import { createTestDatabase, testInfra, uniqueSuffix } from '@opora/testing';

import { registryEnvironmentModel } from '../environment';
import { registryService } from '../registry-service';

/**
 * The registry in this process on a fresh database and a free port; statements are counted. The
 * scheduler is off (specs run it with a chosen date) and the agreements consumer has its own group,
 * so registries of specs running side by side do not share partitions.
 */
export async function startTestRegistry(
  options: { database?: { name: string; drop: () => Promise<void> }; env?: Record<string, string> } = {},
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
  const service = await startService({
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
    onQuery: (sql) => statements.push(sql),
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
