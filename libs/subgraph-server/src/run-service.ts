import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import { openServiceDatabase, databaseUrl } from '@opora/database';
import type { ServiceDatabaseOptions } from '@opora/database';
import type { EventSource } from '@opora/event-contracts';
import { topicOf } from '@opora/event-contracts';
import { createLogger } from '@opora/logger';
import type { Logger } from '@opora/logger';
import {
  createIdempotentProducer,
  createKafka,
  ensureTopics,
  OutboxRelay,
  registerConsumerLag,
  registerOutboxBacklog,
  runningConsumers,
} from '@opora/messaging';
import type { Kafka } from '@opora/messaging';

import type { RouteHandler } from './apollo-http';
import { tokenVerifierFromEnvironment } from './authentication';
import { createServiceMetrics } from './metrics';
import type { BaseContext } from './request-context';
import type { serviceEnvironmentModel } from './service-environment';
import type { RunningSubgraph, SubgraphModule } from './start-subgraph';
import { startSubgraph } from './start-subgraph';
import { cachedTokenVerifier } from './verified-tokens';

export type ServiceEnvironment = Readonly<z.infer<typeof serviceEnvironmentModel>>;

export interface ServiceDefinition<
  Context extends BaseContext,
  Environment extends ServiceEnvironment = ServiceEnvironment,
> {
  name: EventSource;
  environment: Environment;
  entities: ServiceDatabaseOptions['entities'];
  migrations: ServiceDatabaseOptions['migrations'];
  modules: SubgraphModule[];
  createContext: (base: BaseContext, deps: { dataSource: DataSource }) => Context;
  /** Optional background parts (consumers, schedulers) started after the server; stopped first. */
  workers?: (deps: {
    dataSource: DataSource;
    kafka: Kafka;
    logger: Logger;
    environment: Environment;
  }) => Promise<ServiceWorker[]>;
  /**
   * Optional plain HTTP routes beside /graphql, by exact path (a calendar feed an application
   * fetches without a token): the handler checks whatever the route needs itself.
   */
  routes?: (deps: { dataSource: DataSource; logger: Logger; environment: Environment }) => Record<string, RouteHandler>;
  /** Receives each SQL statement (statement-counting tests). */
  onQuery?: (sql: string) => void;
}

/**
 * A background part of a service. Consumers started on the service's Kafka client have their lag
 * measured without being named here (see runningConsumers).
 */
export interface ServiceWorker {
  stop: () => Promise<void>;
}

export interface RunningService extends RunningSubgraph {
  dataSource: DataSource;
  relay: OutboxRelay;
  logger: Logger;
}

class StartupError extends Error {}

async function step<T>(what: string, fix: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new StartupError(`${what}: ${(error as Error).message}. ${fix}`);
  }
}

/**
 * Starts one subgraph service: database (created when missing, migrations applied), Kafka
 * (reachability checked, topics created), outbox relay, GraphQL server, workers. Each start-up
 * failure becomes one clear line naming what is wrong and how to fix it.
 */
export async function startService<
  Context extends BaseContext,
  Environment extends ServiceEnvironment = ServiceEnvironment,
>(definition: ServiceDefinition<Context, Environment>): Promise<RunningService> {
  const env = definition.environment;
  const logger = createLogger({ service: definition.name, level: env.LOG_LEVEL, pretty: env.LOG_PRETTY });
  const dbOptions: ServiceDatabaseOptions = {
    serverUrl: env.DATABASE_URL,
    database: env.DATABASE_NAME,
    entities: definition.entities,
    migrations: definition.migrations,
    poolSize: env.DATABASE_POOL_SIZE,
    applicationName: definition.name,
    onQuery: definition.onQuery,
  };
  const dataSource = await step(
    `PostgreSQL недоступен (${redact(env.DATABASE_URL)})`,
    'Проверьте DATABASE_URL и что сервер запущен.',
    () => openServiceDatabase(dbOptions),
  );
  const kafka = createKafka(
    { brokers: env.KAFKA_BROKERS, clientId: env.KAFKA_CLIENT_ID ?? definition.name },
    logger,
  );
  const producer = createIdempotentProducer(kafka);
  await step(
    `Kafka недоступна (${env.KAFKA_BROKERS.join(',')})`,
    'Проверьте KAFKA_BROKERS и что брокер запущен.',
    async () => {
      await ensureTopics(kafka, [
        {
          topic: topicOf(definition.name),
          partitions: env.KAFKA_TOPIC_PARTITIONS,
          replicationFactor: env.KAFKA_REPLICATION_FACTOR,
        },
      ]);
      await producer.connect();
    },
  );
  const relay = new OutboxRelay({
    dataSource,
    producer,
    listenUrl: databaseUrl(env.DATABASE_URL, env.DATABASE_NAME),
    logger,
  });
  const verifyToken = await step(
    'Ключ проверки токенов недоступен',
    'Задайте AUTH_PUBLIC_KEY_FILE или AUTH_JWKS_URL (для разработки ключи создаёт npm start).',
    // The subgraph still checks every token itself (§16), and remembers its own verdict until the
    // token expires (at most 10 min): in the registry's profile under the analysts' load, the ES256
    // check of the same token was 9 % of its CPU (docs/decisions.md §76).
    () =>
      Promise.resolve(
        cachedTokenVerifier(tokenVerifierFromEnvironment(env), { maxEntries: 10_000, maxAgeMs: 10 * 60_000 }),
      ),
  );
  await relay.start();
  const workers = (await definition.workers?.({ dataSource, kafka, logger, environment: env })) ?? [];

  const admin = kafka.admin();
  let adminConnected = false;
  const connectedAdmin = async () => {
    if (!adminConnected) {
      await admin.connect();
      adminConnected = true;
    }
    return admin;
  };
  const metrics = createServiceMetrics(definition.name);
  registerOutboxBacklog(metrics.registry, dataSource);
  registerConsumerLag(metrics.registry, connectedAdmin, () => runningConsumers(kafka));
  const subgraph = await startSubgraph<Context>({
    name: definition.name,
    host: env.HOST,
    port: env.PORT,
    logger,
    verifyToken,
    metrics,
    routes: definition.routes?.({ dataSource, logger, environment: env }),
    modules: definition.modules,
    createContext: (base) => definition.createContext(base, { dataSource }),
    readiness: [
      { name: 'postgres', check: async () => void (await dataSource.query('select 1')) },
      {
        name: 'kafka',
        check: async () => void (await (await connectedAdmin()).describeCluster()),
      },
    ],
    onShutdown: [
      async () => {
        for (const worker of workers) await worker.stop();
      },
      () => relay.stop(),
      () => producer.disconnect(),
      () => admin.disconnect(),
      () => dataSource.destroy(),
    ],
  });
  return { ...subgraph, dataSource, relay, logger };
}

/** For main.ts: validates the environment, starts, and stops cleanly on SIGTERM/SIGINT. */
export function runService<
  Context extends BaseContext,
  Environment extends ServiceEnvironment = ServiceEnvironment,
>(
  definition: Omit<ServiceDefinition<Context, Environment>, 'environment'> & {
    environment: () => Environment;
  },
): void {
  const environment = definition.environment();
  const hardDeadline = setTimeout(() => {
    process.stderr.write(`${definition.name}: не запустился за 30 с (PostgreSQL или Kafka не отвечают)\n`);
    process.exit(1);
  }, 30_000);
  startService({ ...definition, environment })
    .then((service) => {
      clearTimeout(hardDeadline);
      // Ctrl-C under npm start brings SIGINT and then the start script's SIGTERM: the first
      // starts the stop, later ones wait for it (a second stop must not race the first).
      let stopping: Promise<void> | undefined;
      const shutdown = (signal: string) => {
        service.logger.info({ signal }, 'signal received');
        stopping ??= service.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      process.on('SIGINT', () => shutdown('SIGINT'));
    })
    .catch((error: unknown) => {
      const message =
        error instanceof StartupError ? error.message : `${(error as Error).stack ?? String(error)}`;
      process.stderr.write(`${definition.name}: не удалось запустить: ${message}\n`);
      process.exit(1);
    });
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(неверный адрес)';
  }
}
