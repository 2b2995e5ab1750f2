import 'reflect-metadata';
import { runMigrationCommand } from '@opora/database';

import { loadRegistryEnvironment } from './environment';
import { registryEntities, registryMigrations } from './registry-service';

/** `nx run registry:db:migrate` applies pending migrations; `db:revert` undoes the last one. */
const env = loadRegistryEnvironment();
runMigrationCommand({
  serverUrl: env.DATABASE_URL,
  database: env.DATABASE_NAME,
  entities: registryEntities,
  migrations: registryMigrations,
});
