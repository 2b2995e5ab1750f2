import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { topicOf } from '@opora/event-contracts';
import { build, graphql, graphqlOk, randomInn, randomOgrn, readTopicUntil, schoolsCsv } from '@opora/testing';

import { startTestRegistry } from '../../../__tests__/start-registry';
import { OrganizationImportService } from '../organization-import.service';

const MOSCOW_FILE = join(__dirname, '../../../../../../../shared/data/moscow-ege-2015-2016.csv');

const CREATE_REGION = `mutation($input: CreateRegionInput!) { createRegion(input: $input) { id } }`;
const CREATE_MUNICIPALITY = `mutation($input: CreateMunicipalityInput!) { createMunicipality(input: $input) { id } }`;
const REGISTER = `mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { id } }`;
const IMPORT = `mutation($input: ImportOrganizationsInput!) {
  importOrganizations(input: $input) {
    outcome mode format encoding
    totals { rows created updated unchanged rejected }
    municipalitiesCreated
    accepted { row organizationId action ogrn inn }
    rejected { row column field code message }
  }
}`;

describe('importOrganizations (real PostgreSQL and Kafka)', () => {
  let registry: Awaited<ReturnType<typeof startTestRegistry>>;

  const query = async <Row>(sql: string, params: unknown[] = []) =>
    (await registry.service.dataSource.query(sql, params)) as Row[];
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await query<{ n: string }>(`select count(*) as n ${sql}`, params))[0].n);
  const snapshot = async () => ({
    municipalities: await count('from municipality'),
    organizations: await count('from organization'),
    outbox: await count('from outbox'),
  });

  /** A fresh region per test (random code), so that tests do not see each other's organizations. */
  async function newRegion(municipalities: string[] = []): Promise<string> {
    for (;;) {
      const result = await graphql(registry.url, CREATE_REGION, { input: build.region() });
      if (result.errors?.[0].extensions?.code === 'REGION_CODE_TAKEN') continue;
      const regionId = result.data!.createRegion.id as string;
      for (const name of municipalities)
        await graphqlOk(registry.url, CREATE_MUNICIPALITY, { input: build.municipality(regionId, { name }) });
      return regionId;
    }
  }

  const importFile = (input: Record<string, unknown>, content: Buffer | string) =>
    graphql(registry.url, IMPORT, {
      input: {
        fileName: 'организации.csv',
        ...input,
        contentBase64: Buffer.from(content).toString('base64'),
      },
    });
  const importOk = async (input: Record<string, unknown>, content: Buffer | string) => {
    const result = await importFile(input, content);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!.importOrganizations;
  };

  beforeAll(async () => {
    registry = await startTestRegistry();
  });

  afterAll(async () => {
    await registry?.stop();
  });

  it('imports the real Moscow file: 626 schools in 10 okrug municipalities, each announced once; re-import changes nothing', async () => {
    const regionId = await newRegion();
    const file = readFileSync(MOSCOW_FILE);
    const first = await importOk(
      { regionId, fileName: 'moscow-ege-2015-2016.csv', createMissingMunicipalities: true },
      file,
    );
    expect(first).toMatchObject({ outcome: 'APPLIED', format: 'CSV', encoding: 'UTF8', rejected: [] });
    expect(first.totals).toEqual({ rows: 626, created: 626, updated: 0, unchanged: 0, rejected: 0 });
    expect(first.municipalitiesCreated).toHaveLength(10);
    const okrugs = await query<{ name: string; n: string }>(
      `select m.name, count(o.id) as n from municipality m join organization o on o.municipality_id = m.id
       where m.region_id = $1 group by m.name order by m.name`,
      [regionId],
    );
    expect(okrugs).toHaveLength(10);
    expect(okrugs.find((o) => o.name === 'Зеленоградский административный округ')?.n).toBe('18');
    const school = await query<{ full_name: string; kind: string }>(
      `select full_name, kind from organization where ogrn = '1027739314734'`,
    );
    expect(school).toEqual([
      {
        full_name: 'Государственное бюджетное общеобразовательное учреждение города Москвы «Школа № 426»',
        kind: 'SCHOOL',
      },
    ]);
    // Issue #9 point 6: the District column is kept as the locality (125 Moscow districts), shown and searched.
    expect(
      await count(`from (select distinct locality from organization where region_id = $1) d`, [regionId]),
    ).toBe(125);
    const { organizations } = await graphqlOk(
      registry.url,
      `query($filter: OrganizationsFilter) { organizations(filter: $filter) { edges { node { ogrn locality municipality { name } } } } }`,
      { filter: { regionId, search: 'орехово-борисово северное школа 426' } },
    );
    expect(organizations.edges).toEqual([
      {
        node: {
          ogrn: '1027739314734',
          locality: 'район Орехово-Борисово Северное',
          municipality: { name: 'Южный административный округ' },
        },
      },
    ]);
    // Each imported organization has its audit line naming who imported it, and why.
    const trail = await query<{ actor: string; actor_role: string; reason: string; n: string }>(
      `select a.actor, a.actor_role, a.reason, count(*) as n from audit_entry a
         join organization o on o.id = a.organization_id where o.region_id = $1 group by 1, 2, 3`,
      [regionId],
    );
    expect(trail).toEqual([
      { actor: 'test-platform-admin', actor_role: 'PLATFORM_ADMIN', reason: 'Импорт из файла', n: '626' },
    ]);
    expect(
      await count(
        `from outbox where event_type = 'registry.organization.created' and payload->'data'->>'regionId' = $1`,
        [regionId],
      ),
    ).toBe(626);

    const before = await snapshot();
    const again = await importOk(
      { regionId, fileName: 'moscow-ege-2015-2016.csv', createMissingMunicipalities: true },
      file,
    );
    expect(again.totals).toEqual({ rows: 626, created: 0, updated: 0, unchanged: 626, rejected: 0 });
    expect(again.municipalitiesCreated).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('runs the example mutation of docs/operations as written (Moscow file, dry run, nothing written)', async () => {
    const regionId = await newRegion();
    const example = readFileSync(
      join(__dirname, '../../../../../../docs/operations/organization-import.graphql'),
      'utf8',
    );
    const before = await snapshot();
    const { importOrganizations } = await graphqlOk(registry.url, example, {
      input: {
        regionId,
        fileName: 'moscow-ege-2015-2016.csv',
        contentBase64: readFileSync(MOSCOW_FILE).toString('base64'),
        mode: 'PER_ROW',
        createMissingMunicipalities: true,
        dryRun: true,
      },
    });
    // The Moscow schools may already be in another test's region: then they are rejected, not created.
    expect(importOrganizations.outcome).toBe('DRY_RUN');
    expect(importOrganizations.totals.rows).toBe(626);
    expect(importOrganizations.totals.created + importOrganizations.totals.rejected).toBe(626);
    expect(await snapshot()).toEqual(before);
  });

  it('announces every change of an import with the actor: each event carries the request id, as registration does', async () => {
    const regionId = await newRegion(['Лужский район']);
    const requestId = `import-${randomUUID()}`;
    const before = await count('from outbox');
    const result = await graphql(
      registry.url,
      IMPORT,
      {
        input: {
          regionId,
          fileName: 'организации.csv',
          createMissingMunicipalities: true,
          contentBase64: Buffer.from(
            [
              'ОГРН;Полное наименование;Муниципальное образование',
              `${randomOgrn()};Школа № 1;Лужский район`,
              `${randomOgrn()};Школа № 2;Тосненский район`,
            ].join('\n'),
          ).toString('base64'),
        },
      },
      { 'x-request-id': requestId },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.importOrganizations.totals.created).toBe(2);
    const announced = await query<{ type: string; header: string | null }>(
      `select event_type as type, headers->>'x-request-id' as header from outbox order by seq offset $1`,
      [before],
    );
    // The municipality the import created, then its two organizations; none without the request id.
    expect(announced.map((e) => e.type).sort()).toEqual([
      'registry.municipality.created',
      'registry.organization.created',
      'registry.organization.created',
    ]);
    expect(announced.every((e) => e.header === requestId)).toBe(true);
  });

  it('reads a Windows-1251 CSV with its own column names through the column mapping, and the events reach Kafka', async () => {
    const regionId = await newRegion(['Приозерский муниципальный район']);
    const rows = [0, 1].map(() => ({ ogrn: randomOgrn(), inn: randomInn() }));
    const csv = [
      'Код ОГРН,Код ИНН,Наименование ОО,Район,Директор',
      `${rows[0].ogrn},${rows[0].inn},"МОУ ""Ромашкинская СОШ""",Приозерский муниципальный район,Ёлкина Анна Петровна`,
      `${rows[1].ogrn},${rows[1].inn},МОУ «Ларионовская СОШ»,приозерский  муниципальный район,`,
    ].join('\r\n');
    const report = await importOk(
      {
        regionId,
        columns: [
          { field: 'OGRN', column: 'Код ОГРН' },
          { field: 'INN', column: 'Код ИНН' },
          { field: 'FULL_NAME', column: 'Наименование ОО' },
          { field: 'MUNICIPALITY', column: 'Район' },
          { field: 'HEAD_NAME', column: 'Директор' },
        ],
      },
      iconv.encode(csv, 'win1251'),
    );
    expect(report).toMatchObject({ outcome: 'APPLIED', encoding: 'WINDOWS_1251' });
    expect(report.totals.created).toBe(2);
    const stored = await query<{ full_name: string; head_name: string | null }>(
      `select full_name, head_name from organization where region_id = $1 order by full_name`,
      [regionId],
    );
    expect(stored).toEqual([
      { full_name: 'МОУ "Ромашкинская СОШ"', head_name: 'Ёлкина Анна Петровна' },
      { full_name: 'МОУ «Ларионовская СОШ»', head_name: null },
    ]);
    const ids = report.accepted.map((row: { organizationId: string }) => row.organizationId);
    const messages = await readTopicUntil(topicOf('registry'), (seen) =>
      ids.every((id: string) => seen.some((m) => m.key?.toString() === id)),
    );
    const types = messages
      .filter((m) => ids.includes(m.key?.toString()))
      .map((m) => (JSON.parse(m.value!.toString()) as { type: string }).type);
    expect(new Set(types)).toEqual(new Set(['registry.organization.created']));
  });

  it('reads an XLSX sheet with custom column names and OGRNs stored as numbers', async () => {
    const regionId = await newRegion(['Выборгский район']);
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Школы района');
    sheet.addRow(['№', 'ОГРН организации', 'Название', 'МО']);
    const ogrns = [randomOgrn(), randomOgrn()];
    sheet.addRow([1, Number(ogrns[0]), 'МБОУ «СОШ № 1»', 'Выборгский район']);
    sheet.addRow([2, ogrns[1], 'МБОУ «СОШ № 2»', 'Выборгский район']);
    const report = await importOk(
      {
        regionId,
        fileName: 'школы.xlsx',
        columns: [
          { field: 'OGRN', column: 'ОГРН организации' },
          { field: 'FULL_NAME', column: 'Название' },
          { field: 'MUNICIPALITY', column: 'МО' },
        ],
      },
      Buffer.from(await book.xlsx.writeBuffer()),
    );
    expect(report).toMatchObject({ outcome: 'APPLIED', format: 'XLSX', encoding: null });
    expect(report.accepted.map((r: { row: number; ogrn: string }) => [r.row, r.ogrn])).toEqual([
      [2, ogrns[0]],
      [3, ogrns[1]],
    ]);
    expect(await count('from organization where region_id = $1', [regionId])).toBe(2);
  });

  describe('a file with one bad row (OGRN with a wrong check digit in row 3)', () => {
    const csvWithBadRow = () => {
      const [first, second, third] = [randomOgrn(), randomOgrn(), randomOgrn()];
      const wrongCheckDigit = `${second.slice(0, 12)}${(Number(second[12]) + 1) % 10}`;
      return [
        'ОГРН;Полное наименование;Муниципальное образование',
        `${first};Школа № 1;Лужский район`,
        `${wrongCheckDigit};Школа № 2;Лужский район`,
        `${third};Школа № 3;Лужский район`,
      ].join('\n');
    };

    it('ALL_OR_NOTHING writes nothing and emits no event, reporting the row, column and reason', async () => {
      const regionId = await newRegion(['Лужский район']);
      const before = await snapshot();
      const report = await importOk({ regionId, mode: 'ALL_OR_NOTHING' }, csvWithBadRow());
      expect(report.outcome).toBe('REJECTED');
      expect(report.accepted).toEqual([]);
      expect(report.totals).toEqual({ rows: 3, created: 0, updated: 0, unchanged: 0, rejected: 1 });
      expect(report.rejected).toEqual([
        {
          row: 3,
          column: 'ОГРН',
          field: 'OGRN',
          code: 'INVALID_VALUE',
          message: 'ОГРН: неверный контрольный разряд, проверьте номер',
        },
      ]);
      expect(await snapshot()).toEqual(before);
    });

    it('PER_ROW writes the two good rows with their events and rejects row 3', async () => {
      const regionId = await newRegion(['Лужский район']);
      const report = await importOk({ regionId, mode: 'PER_ROW' }, csvWithBadRow());
      expect(report.outcome).toBe('APPLIED');
      expect(report.totals).toEqual({ rows: 3, created: 2, updated: 0, unchanged: 0, rejected: 1 });
      expect(report.accepted.map((r: { row: number }) => r.row)).toEqual([2, 4]);
      expect(report.rejected.map((r: { row: number; code: string }) => [r.row, r.code])).toEqual([
        [3, 'INVALID_VALUE'],
      ]);
      expect(await count('from organization where region_id = $1', [regionId])).toBe(2);
      expect(
        await count(
          `from outbox where event_type = 'registry.organization.created' and message_key = any($1)`,
          [report.accepted.map((r: { organizationId: string }) => r.organizationId)],
        ),
      ).toBe(2);
    });
  });

  it('rejects the second row with the same OGRN, and the second with the same INN, naming the first row', async () => {
    const regionId = await newRegion(['Кировский район']);
    const [ogrn, inn] = [randomOgrn(), randomInn()];
    const csv = [
      'ОГРН;ИНН;Полное наименование;Муниципальное образование',
      `${ogrn};${randomInn()};Школа № 1;Кировский район`,
      `${ogrn};${randomInn()};Школа № 1 (копия);Кировский район`,
      `${randomOgrn()};${inn};Школа № 2;Кировский район`,
      `${randomOgrn()};${inn};Школа № 3;Кировский район`,
    ].join('\n');
    const report = await importOk({ regionId, mode: 'PER_ROW' }, csv);
    expect(report.rejected).toEqual([
      {
        row: 3,
        column: 'ОГРН',
        field: 'OGRN',
        code: 'DUPLICATE_IN_FILE',
        message: `ОГРН ${ogrn} уже встречается в строке 2`,
      },
      {
        row: 5,
        column: 'ИНН',
        field: 'INN',
        code: 'DUPLICATE_IN_FILE',
        message: `ИНН ${inn} уже встречается в строке 4`,
      },
    ]);
    expect(report.totals.created).toBe(2);
  });

  it('rejects a row whose OGRN is one registered organization’s and INN another’s, and updates a row matched by OGRN', async () => {
    const regionId = await newRegion();
    const municipality = await graphqlOk(registry.url, CREATE_MUNICIPALITY, {
      input: build.municipality(regionId, { name: 'Тосненский район' }),
    });
    const [a, b] = [
      build.school(municipality.createMunicipality.id),
      build.school(municipality.createMunicipality.id),
    ];
    const { registerOrganization: registeredA } = await graphqlOk(registry.url, REGISTER, { input: a });
    await graphqlOk(registry.url, REGISTER, { input: b });
    const header = 'ОГРН;ИНН;Полное наименование;Муниципальное образование';
    const before = await snapshot();
    const conflict = await importOk(
      { regionId, mode: 'PER_ROW' },
      `${header}\n${a.ogrn};${b.inn};Школа-путаница;Тосненский район\n`,
    );
    expect(conflict.rejected).toEqual([
      expect.objectContaining({ row: 2, column: 'ИНН', code: 'OGRN_INN_CONFLICT' }),
    ]);
    expect(conflict.rejected[0].message).toContain(`ИНН ${b.inn}`);
    expect(await snapshot()).toEqual(before);

    const report = await importOk(
      { regionId, mode: 'PER_ROW' },
      `${header}\n\n${a.ogrn};;Новое наименование школы А;Тосненский район\n`,
    );
    expect(report.accepted).toEqual([
      { row: 3, organizationId: registeredA.id, action: 'UPDATED', ogrn: a.ogrn, inn: null },
    ]);
    const events = await query<{ payload: { data: { fullName: string; inn: string; changed: string[] } } }>(
      `select payload from outbox where event_type = 'registry.organization.updated' and message_key = $1`,
      [registeredA.id],
    );
    expect(events).toHaveLength(1);
    expect(events[0].payload.data).toMatchObject({
      fullName: 'Новое наименование школы А',
      inn: a.inn,
      changed: ['fullName'],
    });
  });

  it('rejects a row that reaches, by its INN, the organization an earlier row reached by its OGRN', async () => {
    const regionId = await newRegion();
    const municipality = await graphqlOk(registry.url, CREATE_MUNICIPALITY, {
      input: build.municipality(regionId, { name: 'Гатчинский район' }),
    });
    const school = build.school(municipality.createMunicipality.id);
    await graphqlOk(registry.url, REGISTER, { input: school });
    const csv = [
      'ОГРН;ИНН;Полное наименование;Муниципальное образование',
      `${school.ogrn};;${school.fullName};Гатчинский район`,
      `${randomOgrn()};${school.inn};Другая школа;Гатчинский район`,
    ].join('\n');
    const report = await importOk({ regionId, mode: 'PER_ROW' }, csv);
    expect(report.accepted.map((r: { row: number; action: string }) => [r.row, r.action])).toEqual([
      [2, 'UNCHANGED'],
    ]);
    expect(report.rejected).toEqual([
      expect.objectContaining({
        row: 3,
        code: 'DUPLICATE_IN_FILE',
        message: expect.stringContaining('строка 2'),
      }),
    ]);
  });

  it('rejects a row whose organization is registered in another region, instead of moving it', async () => {
    const csv = `ОГРН;Полное наименование;Муниципальное образование\n${randomOgrn()};Школа;Район\n`;
    await importOk({ regionId: await newRegion(['Район']) }, csv);
    const other = await importOk({ regionId: await newRegion(['Район']), mode: 'PER_ROW' }, csv);
    expect(other.rejected).toEqual([
      expect.objectContaining({ row: 2, column: 'ОГРН', code: 'ORGANIZATION_IN_OTHER_REGION' }),
    ]);
    expect(other.totals.created).toBe(0);
  });

  it('rejects rows of a municipality missing from the region unless the caller allows creating it', async () => {
    const regionId = await newRegion();
    const csv = `ОГРН;Полное наименование;Муниципальное образование\n${randomOgrn()};Школа;Нет такого района\n`;
    const refused = await importOk({ regionId }, csv);
    expect(refused.rejected).toEqual([
      expect.objectContaining({
        row: 2,
        column: 'Муниципальное образование',
        code: 'MUNICIPALITY_NOT_FOUND',
      }),
    ]);
    const dryRun = await importOk({ regionId, createMissingMunicipalities: true, dryRun: true }, csv);
    expect(dryRun).toMatchObject({ outcome: 'DRY_RUN', municipalitiesCreated: ['Нет такого района'] });
    expect(await count('from municipality where region_id = $1', [regionId])).toBe(0);
  });

  it('imports 5,000 generated schools in one request with a few dozen SQL statements, not thousands', async () => {
    const regionId = await newRegion();
    const csv = schoolsCsv(5000, ['Первый район', 'Второй район', 'Третий район']);
    registry.statements.length = 0;
    const report = await importOk({ regionId, createMissingMunicipalities: true }, csv);
    // The counter also sees the outbox relay and the consumer working meanwhile; still not 15,000.
    expect(registry.statements.length).toBeLessThan(120);
    expect(report.totals).toEqual({ rows: 5000, created: 5000, updated: 0, unchanged: 0, rejected: 0 });
    expect(await count('from organization where region_id = $1', [regionId])).toBe(5000);
    expect(
      await count(
        `from outbox where event_type = 'registry.organization.created' and payload->'data'->>'regionId' = $1`,
        [regionId],
      ),
    ).toBe(5000);
  });

  describe('refuses a whole file with a code, the input field and where in the file, writing nothing', () => {
    it.each([
      [
        'a file without the full-name column',
        { fileName: 'a.csv' },
        `ОГРН;Муниципальное образование\n${'1027700566761'};Район\n`,
        { code: 'MISSING_COLUMN', field: 'input.columns', row: 1, column: 'Полное наименование' },
        /Нет обязательного столбца «Полное наименование»/,
      ],
      [
        'a mapping to a column the file lacks',
        { columns: [{ field: 'FULL_NAME', column: 'Название' }] },
        `ОГРН;Полное наименование;Муниципальное образование\n1027700566761;Школа;Район\n`,
        { code: 'UNKNOWN_COLUMN', field: 'input.columns', column: 'Название' },
        /нет столбца «Название»/,
      ],
      [
        'Windows-1251 bytes declared as UTF-8',
        { encoding: 'UTF8' },
        iconv.encode(
          'ОГРН;Полное наименование;Муниципальное образование\n1027700566761;Школа;Район\n',
          'win1251',
        ),
        { code: 'WRONG_ENCODING', field: 'input.encoding' },
        /не в кодировке UTF-8/,
      ],
      [
        'a file with neither OGRN nor INN column',
        {},
        'Полное наименование;Муниципальное образование\nШкола;Район\n',
        { code: 'MISSING_COLUMN', field: 'input.columns', row: 1 },
        /ОГРН.*ИНН/,
      ],
    ])('%s', async (_what, input, content, extensions, message) => {
      const regionId = await newRegion(['Район']);
      const before = await snapshot();
      const result = await importFile({ regionId, ...input }, content);
      expect(result.errors?.[0].extensions).toMatchObject(extensions);
      expect(result.errors?.[0].message).toMatch(message);
      expect(await snapshot()).toEqual(before);
    });

    it('an unknown region', async () => {
      const result = await importFile(
        { regionId: '2f1d7c2e-58a4-4b8e-9d55-0d3f8f1e2a10' },
        `ОГРН;Полное наименование;Муниципальное образование\n1027700566761;Школа;Район\n`,
      );
      expect(result.errors?.[0].extensions).toMatchObject({
        code: 'REGION_NOT_FOUND',
        field: 'input.regionId',
      });
      expect(result.errors?.[0].message).toBe('Регион не найден');
    });
  });

  it('rejects a row with a 10 MB name by row and column (files that large come through the command, not the gateway)', async () => {
    const regionId = await newRegion(['Район']);
    const before = await snapshot();
    const csv = `ОГРН;Полное наименование;Муниципальное образование\n${randomOgrn()};${'Ш'.repeat(10 * 1024 * 1024)};Район\n`;
    const report = await registry.service.dataSource
      .transaction(async () => undefined)
      .then(() => importOrganizationsDirectly(regionId, csv));
    expect(report.outcome).toBe('REJECTED');
    expect(report.rejected).toEqual([
      expect.objectContaining({ row: 2, column: 'Полное наименование', code: 'INVALID_VALUE' }),
    ]);
    expect(report.rejected[0].message).toMatch(/не длиннее 1000 символов/);
    expect(await snapshot()).toEqual(before);
  });

  async function importOrganizationsDirectly(regionId: string, csv: string) {
    return new OrganizationImportService(registry.service.dataSource).import({
      regionId,
      file: Buffer.from(csv),
      encoding: 'auto',
      columns: {},
      mode: 'ALL_OR_NOTHING',
      createMissingMunicipalities: false,
      dryRun: false,
    });
  }
});
