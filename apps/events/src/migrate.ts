import 'reflect-metadata';
import { runMigrationCommand } from '@opora/database';

import { loadEventsEnvironment } from './environment';
import { eventsEntities, eventsMigrations } from './events-service';

/** `nx run events:db:migrate` applies pending migrations; `db:revert` undoes the last one. */
const env = loadEventsEnvironment();
runMigrationCommand({
  serverUrl: env.DATABASE_URL,
  database: env.DATABASE_NAME,
  entities: eventsEntities,
  migrations: eventsMigrations,
});
