import 'reflect-metadata';
import { types } from 'pg';
import { DataSource } from 'typeorm';
import type { EntitySchema, MixedList } from 'typeorm';

import { databaseUrl, ensureDatabase } from './ensure-database';

export interface ServiceDatabaseOptions {
  /** Server URL (DATABASE_URL); the path is replaced by `database`. */
  serverUrl: string;
  database: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize?: number;
  applicationName?: string;
  /** Receives every SQL statement run (for statement-counting tests and debugging). */
  onQuery?: (sql: string) => void;
}

// Calendar dates (`date`, OID 1082) stay 'YYYY-MM-DD' strings: pg's default turns them into a Date
// at local midnight, which shifts the day in any zone west of UTC.
types.setTypeParser(1082, (value: string) => value);

/**
 * One TypeORM DataSource per service, over `pg`, on the service's own database.
 * Schema changes come from migrations only: `synchronize` and `migrationsRun` stay off.
 */
export function createServiceDataSource(options: ServiceDatabaseOptions): DataSource {
  const onQuery = options.onQuery;
  return new DataSource({
    type: 'postgres',
    url: databaseUrl(options.serverUrl, options.database),
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName ?? options.database,
    extra: { connectionTimeoutMillis: 10_000 },
    logging: onQuery ? ['query'] : false,
    logger: onQuery
      ? {
          logQuery: (sql: string) => onQuery(sql),
          logQueryError: () => undefined,
          logQuerySlow: () => undefined,
          logSchemaBuild: () => undefined,
          logMigration: () => undefined,
          log: () => undefined,
        }
      : undefined,
  });
}

/** Creates the database when missing, connects, and applies pending migrations. */
export async function openServiceDatabase(
  options: ServiceDatabaseOptions,
  { migrate = true }: { migrate?: boolean } = {},
): Promise<DataSource> {
  await ensureDatabase(options.serverUrl, options.database);
  const dataSource = createServiceDataSource(options);
  await dataSource.initialize();
  if (migrate) await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
