/**
 * Benchmark: bulk import of generated schools into a fresh registry database, then the same file
 * again (every row unchanged), with the data size.
 *
 *   npm run bench:import -- [rows=5000]
 *
 * Uses DATABASE_URL (else the local PostgreSQL at 127.0.0.1:5432); creates and drops its own
 * database. Lives in the registry app, not tools/, because it runs the registry's service and Nx
 * boundaries keep tools from importing apps. Prints figures; asserts nothing.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { dropDatabase, openServiceDatabase } from '@opora/database';
import { systemActor } from '@opora/service-kit';
import { schoolsCsv } from '@opora/testing';

import { loadRegistryDatabaseEnvironment } from '../environment';
import { importOrganizationsFromFile } from '../modules/organization-import/import-organizations-from-file';
import { RegionService } from '../modules/region/region.service';
import { registryEntities, registryMigrations } from '../registry-service';

const rows = Number(process.argv[2] ?? 5000);

async function main(): Promise<void> {
  const env = loadRegistryDatabaseEnvironment();
  const database = `bench_import_${randomUUID().slice(0, 8)}`;
  const dir = mkdtempSync(join(tmpdir(), 'opora-bench-import-'));
  const dataSource = await openServiceDatabase({
    serverUrl: env.DATABASE_URL,
    database,
    entities: registryEntities,
    migrations: registryMigrations,
  });
  try {
    await new RegionService(dataSource).create(
      { code: '77', name: 'Москва', timeZone: 'Europe/Moscow' },
      systemActor('bench'),
    );
    const okrugs = Array.from({ length: 10 }, (_, i) => `Административный округ № ${i + 1}`);
    const file = join(dir, 'schools.csv');
    const csv = schoolsCsv(rows, okrugs);
    writeFileSync(file, csv);
    const size = `${(Buffer.byteLength(csv) / 1024).toFixed(0)} КБ CSV`;

    const run = async (what: string) => {
      const started = performance.now();
      const report = await importOrganizationsFromFile(dataSource, {
        file,
        regionCode: '77',
        createMissingMunicipalities: true,
      });
      const seconds = (performance.now() - started) / 1000;
      const { created, unchanged, rejected } = report.totals;
      process.stdout.write(
        `${what}: ${rows} строк (${size}) за ${seconds.toFixed(2)} с — ${Math.round(rows / seconds)} строк/с` +
          ` (внесено ${created}, без изменений ${unchanged}, отклонено ${rejected})\n`,
      );
    };
    await run('Первый импорт');
    await run('Повторный импорт');
  } finally {
    await dataSource.destroy();
    await dropDatabase(env.DATABASE_URL, database);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Бенчмарк не выполнен: ${(error as Error).message}\n`);
  process.exit(1);
});
