import { freePort, startServiceProcess } from '@opora/provision';
import type { ServiceLaunch, ServiceProcess } from '@opora/provision';
import { subgraph } from '@opora/service-manifest';
import type { SubgraphName } from '@opora/service-manifest';

import { createTestDatabase, testInfra } from './infra';

/** A subgraph's process with the name of its test database. */
export type TestSubgraphProcess = ServiceProcess & { database: string };

/**
 * A subgraph of the manifest as a real process (from source by default), on a fresh database of its own and
 * a free port, against the run's PostgreSQL and Kafka. `env` adds the subgraph's own settings
 * (a consumer group of its own, the scheduler off…); `launch` runs built JavaScript instead of the
 * manifest's source entry. `stop` also drops the database.
 */
export async function startSubgraphProcess(
  name: SubgraphName,
  options: {
    prefix: string;
    env?: Record<string, string>;
    /** How to start it (default: from source); built JavaScript for the deployable form's spec. */
    launch?: ServiceLaunch;
    /** Another instance of a running subgraph: its database, which this process neither creates nor drops. */
    sharesDatabaseOf?: TestSubgraphProcess;
  },
): Promise<TestSubgraphProcess> {
  const infra = testInfra();
  const shared = options.sharesDatabaseOf?.database;
  const db = shared ? { name: shared, drop: () => Promise.resolve() } : await createTestDatabase(options.prefix);
  const process = await startServiceProcess({
    name,
    ...(options.launch ?? { entry: subgraph(name).entry }),
    port: await freePort(),
    env: {
      DATABASE_URL: infra.databaseUrl,
      DATABASE_NAME: db.name,
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
  }).catch(async (error: unknown) => {
    await db.drop();
    throw error;
  });
  return {
    ...process,
    database: db.name,
    stop: async () => {
      await process.stop();
      await db.drop();
    },
  };
}

/** The gateway's variables (REGISTRY_URL, …) that point it at the given running subgraphs. */
export function gatewayUrlsOf(
  processes: Partial<Record<SubgraphName, Pick<ServiceProcess, 'graphqlUrl'>>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(processes).map(([name, running]) => [
      subgraph(name as SubgraphName).urlVariable,
      running!.graphqlUrl,
    ]),
  );
}
