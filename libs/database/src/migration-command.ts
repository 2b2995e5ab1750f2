import type { ServiceDatabaseOptions } from './service-data-source';
import { openServiceDatabase } from './service-data-source';

/**
 * The `db:migrate` / `db:revert` command of every service (`nx run <app>:db:migrate`): applies
 * pending migrations, or with `revert` undoes the last one; exits 1 with a Russian line on failure.
 */
export function runMigrationCommand(
  options: ServiceDatabaseOptions,
  direction = process.argv[2] ?? 'up',
): void {
  const run = async () => {
    const dataSource = await openServiceDatabase(options, { migrate: false });
    try {
      if (direction === 'revert') await dataSource.undoLastMigration({ transaction: 'each' });
      else {
        const applied = await dataSource.runMigrations({ transaction: 'each' });
        process.stdout.write(`${options.database}: применено миграций: ${applied.length}\n`);
      }
    } finally {
      await dataSource.destroy();
    }
  };
  run().catch((error: unknown) => {
    process.stderr.write(`Миграции не применены: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
