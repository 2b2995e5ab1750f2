import { parseEnvironment } from '@opora/config';
import { startService } from '@opora/subgraph-server';
import type { RunningService } from '@opora/subgraph-server';
import { createTestDatabase, testInfra, uniqueSuffix } from '@opora/testing';

import { eventsEnvironmentModel } from '../environment';
import type { EventsEnvironment } from '../environment';
import { eventsServiceWith } from '../events-service';
import type { EventsContext } from '../events-service';

/**
 * The events service in this process on a fresh database and a free port, with consumer groups of
 * its own (specs running side by side do not share partitions); SQL statements of requests counted.
 */
export async function startTestEvents(options: { env?: Record<string, string> } = {}): Promise<{
  service: RunningService;
  url: string;
  baseUrl: string;
  statements: string[];
  stop: () => Promise<void>;
}> {
  const infra = testInfra();
  const db = await createTestDatabase('events');
  const statements: string[] = [];
  const suffix = uniqueSuffix();
  const service = await startService<EventsContext, EventsEnvironment>({
    ...eventsServiceWith({ feedBaseUrl: 'http://calendar.test' }),
    environment: parseEnvironment(eventsEnvironmentModel, {
      DATABASE_URL: infra.databaseUrl,
      DATABASE_NAME: db.name,
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'fatal',
      REGISTRY_PROJECTION_GROUP: `events.registry-projection.test-${suffix}`,
      AGREEMENTS_CONSUMER_GROUP: `events.agreements.test-${suffix}`,
      ...options.env,
    }),
    onQuery: (sql) => {
      if (!/pg_try_advisory|\b(from|update|into) (outbox|inbox)\b|^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)\b/i.test(sql))
        statements.push(sql);
    },
  });
  return {
    service,
    url: service.url,
    baseUrl: service.url.replace(/\/graphql$/, ''),
    statements,
    stop: async () => {
      await service.stop();
      await db.drop();
    },
  };
}
