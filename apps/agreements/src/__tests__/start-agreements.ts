import { parseEnvironment } from '@opora/config';
import { startService } from '@opora/subgraph-server';
import type { RunningService } from '@opora/subgraph-server';
import { createTestDatabase, testInfra, uniqueSuffix } from '@opora/testing';

import { agreementsService } from '../agreements-service';
import type { AgreementsContext } from '../agreements-service';
import { agreementsEnvironmentModel } from '../environment';
import type { AgreementsEnvironment } from '../environment';

/**
 * The agreements service in this process on a fresh database and a free port, with consumer
 * groups of its own (specs running side by side do not share partitions); SQL statements of
 * requests are counted.
 */
export async function startTestAgreements(
  options: { env?: Record<string, string> } = {},
): Promise<{ service: RunningService; url: string; statements: string[]; stop: () => Promise<void> }> {
  const infra = testInfra();
  const db = await createTestDatabase('agreements');
  const statements: string[] = [];
  const suffix = uniqueSuffix();
  const service = await startService<AgreementsContext, AgreementsEnvironment>({
    ...agreementsService,
    environment: parseEnvironment(agreementsEnvironmentModel, {
      DATABASE_URL: infra.databaseUrl,
      DATABASE_NAME: db.name,
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: process.env.SPEC_LOG ?? 'fatal',
      REGISTRY_PROJECTION_GROUP: `agreements.registry-projection.test-${suffix}`,
      EVENTS_CONSUMER_GROUP: `agreements.events.test-${suffix}`,
      ...options.env,
    }),
    onQuery: (sql) => {
      if (
        !/pg_try_advisory|\b(from|update) outbox\b|\binbox\b|^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)\b/i.test(
          sql,
        )
      )
        statements.push(sql);
    },
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
