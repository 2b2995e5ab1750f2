import 'reflect-metadata';
import { runMigrationCommand } from '@opora/database';

import { agreementsEntities, agreementsMigrations } from './agreements-service';
import { loadAgreementsEnvironment } from './environment';

/** `nx run agreements:db:migrate` applies pending migrations; `db:revert` undoes the last one. */
const env = loadAgreementsEnvironment();
runMigrationCommand({
  serverUrl: env.DATABASE_URL,
  database: env.DATABASE_NAME,
  entities: agreementsEntities,
  migrations: agreementsMigrations,
});
