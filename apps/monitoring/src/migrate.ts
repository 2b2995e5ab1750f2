import 'reflect-metadata';
import { openServiceDatabase } from '@opora/database';

import { loadMonitoringEnvironment } from './environment';
import { monitoringEntities, monitoringMigrations } from './monitoring-service';

/** `nx run monitoring:db:migrate` applies pending migrations; `db:revert` undoes the last one. */
async function main(direction: string): Promise<void> {
  const env = loadMonitoringEnvironment();
  const dataSource = await openServiceDatabase(
    {
      serverUrl: env.DATABASE_URL,
      database: env.DATABASE_NAME,
      entities: monitoringEntities,
      migrations: monitoringMigrations,
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
