import 'reflect-metadata';
import { openServiceDatabase } from '@opora/database';

import { loadEventsEnvironment } from './environment';
import { eventsEntities, eventsMigrations } from './events-service';

/** `nx run events:db:migrate` applies pending migrations; `db:revert` undoes the last one. */
async function main(direction: string): Promise<void> {
  const env = loadEventsEnvironment();
  const dataSource = await openServiceDatabase(
    {
      serverUrl: env.DATABASE_URL,
      database: env.DATABASE_NAME,
      entities: eventsEntities,
      migrations: eventsMigrations,
    },
    { migrate: false },
  );
  try {
    if (direction === 'revert') await dataSource.undoLastMigration({ transaction: 'each' });
    else {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      process.stdout.write(`${env.DATABASE_NAME}: применено миграций: ${applied.length}\n`);
    }
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv[2] ?? 'up').catch((error: unknown) => {
  process.stderr.write(`Миграции не применены: ${(error as Error).message}\n`);
  process.exit(1);
});
