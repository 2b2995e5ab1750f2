import 'reflect-metadata';
import { runMigrationCommand } from '@opora/database';

import { loadMonitoringEnvironment } from './environment';
import { monitoringEntities, monitoringMigrations } from './monitoring-service';

/** `nx run monitoring:db:migrate` applies pending migrations; `db:revert` undoes the last one. */
const env = loadMonitoringEnvironment();
runMigrationCommand({
  serverUrl: env.DATABASE_URL,
  database: env.DATABASE_NAME,
  entities: monitoringEntities,
  migrations: monitoringMigrations,
});
