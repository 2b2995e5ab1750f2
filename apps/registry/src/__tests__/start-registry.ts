import { parseEnvironment } from '@opora/config';
import { startService } from '@opora/subgraph-server';
import type { RunningService } from '@opora/subgraph-server';
import { createTestDatabase, testInfra } from '@opora/testing';

import { registryEnvironmentModel } from '../environment';
import { registryService } from '../registry-service';

/** The registry in this process on a fresh database and a free port; statements are counted. */
export async function startTestRegistry(): Promise<{
  service: RunningService;
  url: string;
  statements: string[];
  stop: () => Promise<void>;
}> {
  const infra = testInfra();
  const db = await createTestDatabase('registry');
  const statements: string[] = [];
  const service = await startService({
    ...registryService,
    environment: parseEnvironment(registryEnvironmentModel, {
      DATABASE_URL: infra.databaseUrl,
      DATABASE_NAME: db.name,
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'fatal',
    }),
    onQuery: (sql) => statements.push(sql),
  });
  return {
    service,
    url: service.url,
    statements,
    stop: async () => {
      await service.stop();
      await db.drop();
    },
  };
}
