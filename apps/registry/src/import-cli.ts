import 'reflect-metadata';
import { parseArgs } from 'node:util';

import { openServiceDatabase } from '@opora/database';
import { DomainError } from '@opora/subgraph-server';

import { loadRegistryDatabaseEnvironment } from './environment';
import { importOrganizationsFromFile } from './modules/organization-import/import-organizations-from-file';
import { formatImportSummary } from './modules/organization-import/import-summary';
import { importFieldByEnum } from './modules/organization-import/organization-import.fields';
import type { ImportFieldEnum } from './modules/organization-import/organization-import.fields';
import { registryEntities, registryMigrations } from './registry-service';

const USAGE = `Использование: npm run import:organizations -- --file путь --region 77
    [--mode per-row|all-or-nothing] [--encoding auto|utf8|windows-1251] [--sheet лист]
    [--column ПОЛЕ=«Столбец» …] (поля: OGRN, INN, FULL_NAME, SHORT_NAME, MUNICIPALITY, ADDRESS, HEAD_NAME)
    [--kind SCHOOL|EDUCATION_AUTHORITY|METHODOLOGICAL_CENTER|OTHER]
    [--create-municipalities] [--dry-run]
`;

const modes = { 'per-row': 'PER_ROW', 'all-or-nothing': 'ALL_OR_NOTHING' } as const;
const encodings = ['auto', 'utf8', 'windows-1251'] as const;
const kinds = ['SCHOOL', 'EDUCATION_AUTHORITY', 'METHODOLOGICAL_CENTER', 'OTHER'] as const;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}`);
  process.exit(2);
}

/**
 * `npm run import:organizations`: the registry's bulk import for files larger than the gateway's
 * 1 MiB request limit, run directly on the registry's database (DATABASE_URL, DATABASE_NAME).
 * Events wait in the outbox until the registry's relay publishes them. Exit code: 0 all rows
 * accepted, 1 some rows rejected, 2 the file or the arguments were refused.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      file: { type: 'string' },
      region: { type: 'string' },
      mode: { type: 'string', default: 'all-or-nothing' },
      encoding: { type: 'string', default: 'auto' },
      sheet: { type: 'string' },
      column: { type: 'string', multiple: true, default: [] },
      kind: { type: 'string' },
      'create-municipalities': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  if (!values.file) fail('Не указан файл (--file)');
  if (!values.region) fail('Не указан регион (--region: код, например 77, или идентификатор)');
  const mode = modes[values.mode as keyof typeof modes] ?? fail(`Неизвестный режим «${values.mode}»`);
  const encoding =
    encodings.find((e) => e === values.encoding) ?? fail(`Неизвестная кодировка «${values.encoding}»`);
  const kind =
    values.kind === undefined
      ? undefined
      : (kinds.find((k) => k === values.kind) ?? fail(`Неизвестный вид «${values.kind}»`));

  const columns = Object.fromEntries(
    values.column.map((pair) => {
      const [name, ...header] = pair.split('=');
      const field = importFieldByEnum[name.trim().toUpperCase() as ImportFieldEnum];
      if (!field || !header.join('=').trim()) fail(`Неверное соответствие столбца «${pair}»`);
      return [field, header.join('=').trim()];
    }),
  );

  const env = loadRegistryDatabaseEnvironment();
  const dataSource = await openServiceDatabase({
    serverUrl: env.DATABASE_URL,
    database: env.DATABASE_NAME,
    entities: registryEntities,
    migrations: registryMigrations,
    applicationName: 'registry-import',
  });
  try {
    const byCode = /^\d{2}$/.test(values.region);
    const report = await importOrganizationsFromFile(dataSource, {
      file: values.file,
      ...(byCode ? { regionCode: values.region } : { regionId: values.region }),
      mode,
      encoding,
      sheet: values.sheet,
      columns,
      kind,
      createMissingMunicipalities: values['create-municipalities'],
      dryRun: values['dry-run'],
    });
    process.stdout.write(formatImportSummary(report));
    return report.totals.rejected > 0 ? 1 : 0;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const where = error.details as { row?: number; column?: string } | undefined;
    process.stderr.write(
      `Файл не загружен: ${error.message} [${error.code}]${where?.row ? ` (строка ${where.row}${where.column ? `, столбец «${where.column}»` : ''})` : ''}\n`,
    );
    return 2;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Импорт не выполнен: ${(error as Error).message}\n`);
    process.exit(2);
  },
);
