import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { build, graphqlOk, randomOgrn, runImportCli } from '@opora/testing';

import { startTestRegistry } from '../../../__tests__/start-registry';

const root = join(__dirname, '../../../../../..');
const MOSCOW_FILE = join(root, '../shared/data/moscow-ege-2015-2016.csv');

describe('npm run import:organizations (the CLI for files past the gateway’s limit)', () => {
  let registry: Awaited<ReturnType<typeof startTestRegistry>>;
  let database: string;
  let dir: string;

  beforeAll(async () => {
    registry = await startTestRegistry();
    database = (
      (await registry.service.dataSource.query('select current_database() as name')) as { name: string }[]
    )[0].name;
    await graphqlOk(
      registry.url,
      `mutation($input: CreateRegionInput!) { createRegion(input: $input) { id } }`,
      {
        input: build.region({ code: '77', name: 'Москва' }),
      },
    );
    dir = mkdtempSync(join(tmpdir(), 'opora-import-cli-'));
  });

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await registry?.stop();
  });

  it('imports the Moscow file into region 77 by its code, prints the totals in Russian and exits 0', async () => {
    const result = await runImportCli(
      ['--file', MOSCOW_FILE, '--region', '77', '--create-municipalities', '--mode', 'per-row'],
      database,
    );
    expect(result.err).toBe('');
    expect(result.out).toContain('строк: 626; внесено: 626; обновлено: 0; без изменений: 0; отклонено: 0');
    expect(result.code).toBe(0);
    expect(
      (await registry.service.dataSource.query(`select count(*) as n from organization`)) as { n: string }[],
    ).toEqual([{ n: '626' }]);
  });

  it('prints each rejected row with its column and exits 1', async () => {
    const file = join(dir, 'плохой.csv');
    writeFileSync(
      file,
      `ОГРН;Полное наименование;Муниципальное образование\n${randomOgrn()};Школа;Нет такого округа\n`,
    );
    const result = await runImportCli(['--file', file, '--region', '77'], database);
    expect(result.out).toContain('строка 2, столбец «Муниципальное образование»');
    expect(result.out).toContain('[MUNICIPALITY_NOT_FOUND]');
    expect(result.code).toBe(1);
  });

  it('takes a column mapping for files with their own header names', async () => {
    const file = join(dir, 'свои-столбцы.csv');
    writeFileSync(file, `Код;Школа;Округ\n${randomOgrn()};Школа № 1;Новый округ\n`);
    const result = await runImportCli(
      [
        ...['--file', file, '--region', '77', '--create-municipalities'],
        ...['--column', 'OGRN=Код', '--column', 'FULL_NAME=Школа', '--column', 'MUNICIPALITY=Округ'],
      ],
      database,
    );
    expect(result.out).toContain('внесено: 1;');
    expect(result.code).toBe(0);
  });

  it('refuses an unknown region with its code and exits 2', async () => {
    const result = await runImportCli(['--file', MOSCOW_FILE, '--region', '99'], database);
    expect(result.err).toContain('Регион с кодом 99 не найден [REGION_NOT_FOUND]');
    expect(result.code).toBe(2);
  });
});
