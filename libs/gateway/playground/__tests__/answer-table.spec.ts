import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Supergraph } from '@apollo/federation-internals';
import ExcelJS from 'exceljs';
import { introspectionFromSchema, Kind, parse } from 'graphql';

import { answerTables } from '../answer-table.js';
import { compareCells, formatCell } from '../cell-format.js';
import { chartData } from '../chart-data.js';
import { tableToCsv } from '../csv-export.js';
import { dataDateLine } from '../export-meta.js';
import { SchemaIndex, shortLabel } from '../schema-labels.js';
import { fillWorkbook } from '../xlsx-export.js';

const api = Supergraph.build(
  readFileSync(join(__dirname, '../../../../apps/gateway/supergraph.graphql'), 'utf8'),
)
  .apiSchema()
  .toGraphQLJSSchema();
const schema = new SchemaIndex(introspectionFromSchema(api) as never);

const compare = `query CompareMunicipalities($code: String!, $date: Date) {
  regionByCode(code: $code) { code name municipalities { name statusCounts(activeOn: $date) { kind organizations } } }
}`;
const compareAnswer = {
  data: {
    regionByCode: {
      code: '47',
      name: 'Ленинградская область',
      municipalities: [
        {
          name: 'Приозерский муниципальный район',
          statusCounts: [
            { kind: 'TRAINING_SITE', organizations: 3 },
            { kind: 'LOW_RESULTS', organizations: 12 },
          ],
        },
        { name: 'Выборгский район', statusCounts: [{ kind: 'LOW_RESULTS', organizations: 1020 }] },
      ],
    },
  },
};

const tablesOf = (query: string, data: unknown) => answerTables({ data }, parse(query), undefined, schema);

describe('answer table (any answer as rows with Russian headers)', () => {
  it('turns the comparison of municipalities into a row per municipality, a column per status kind', () => {
    const [table] = answerTables(compareAnswer, parse(compare), 'CompareMunicipalities', schema);
    expect(table.context.map((c) => [c.header, formatCell(c.column, c.value)])).toEqual([
      ['Регион по коду субъекта РФ. Код субъекта РФ, две цифры', '47'],
      ['Регион по коду субъекта РФ. Название региона', 'Ленинградская область'],
    ]);
    expect(table.columns.map((c) => c.header)).toEqual([
      'Название',
      'Число организаций. Муниципальная стажировочная площадка (МСП)',
      'Число организаций. Школа с низкими образовательными результатами (ШНОР)',
    ]);
    expect(table.rows.map((r) => table.columns.map((c) => formatCell(c, r[c.id])))).toEqual([
      ['Приозерский муниципальный район', '3', '12'],
      ['Выборгский район', '', '1\u00a0020'],
    ]);
  });

  it('flattens nested objects into dotted headers and shows enum values, dates and booleans in Russian', () => {
    const [table] = tablesOf(
      `{ organizations(first: 2) { edges { node { shortName municipality { name } statusHistory { kind validFrom assigningOrder { kind number issuedOn } } } } } }`,
      {
        organizations: {
          edges: [
            {
              node: {
                shortName: 'МОУ «СОШ № 4»',
                municipality: { name: 'Приозерский муниципальный район' },
                statusHistory: [
                  {
                    kind: 'TRAINING_SITE',
                    validFrom: '2021-03-11',
                    assigningOrder: { kind: 'DIRECTIVE', number: '364-р', issuedOn: '2021-03-11' },
                  },
                  { kind: 'LOW_RESULTS', validFrom: '2019-09-01', assigningOrder: null },
                ],
              },
            },
            { node: { shortName: 'МОУ «СОШ № 5»', municipality: null, statusHistory: [] } },
          ],
        },
      },
    );
    expect(table.title).toBe(
      shortLabel(api.getQueryType()?.getFields().organizations.description, 'organizations'),
    );
    const headers = table.columns.map((c) => c.header);
    expect(headers[0]).not.toMatch(/node|edges/);
    expect(headers).toContain('Муниципальное образование. Название');
    expect(
      headers.some((h) => /^История статусов.*\. Вид статуса$/.test(h) || h.endsWith('. Вид статуса')),
    ).toBe(true);
    // One row per status record (the nested list unnested), the school without statuses kept.
    const shown = table.rows.map((r) => table.columns.map((c) => formatCell(c, r[c.id])));
    expect(shown).toEqual([
      [
        'МОУ «СОШ № 4»',
        'Приозерский муниципальный район',
        'Муниципальная стажировочная площадка (МСП)',
        '11.03.2021',
        'Распоряжение',
        '364-р',
        '11.03.2021',
      ],
      [
        'МОУ «СОШ № 4»',
        'Приозерский муниципальный район',
        'Школа с низкими образовательными результатами (ШНОР)',
        '01.09.2019',
        '',
        '',
        '',
      ],
      ['МОУ «СОШ № 5»', '', '', '', '', '', ''],
    ]);
  });

  it('keeps aliases apart and reads fields through fragments', () => {
    const [table] = tablesOf(
      `query { regionByCode(code: "47") { municipalities { ...M city: name } } } fragment M on Municipality { name }`,
      { regionByCode: { municipalities: [{ name: 'Приозерский', city: 'Приозерский' }] } },
    );
    expect(table.columns.map((c) => c.id)).toEqual(['municipalities.name', 'municipalities.city']);
    expect(table.columns[0].header).toBe('Название');
  });

  it('leaves out the ids a caching client selects, and keeps an id the analyst aliased', () => {
    const [table] = tablesOf(
      `query { regionByCode(code: "47") { id municipalities { id key: id name } } }`,
      {
        regionByCode: {
          id: 'r-1',
          municipalities: [{ id: 'm-1', key: 'm-1', name: 'Приозерский муниципальный район' }],
        },
      },
    );
    expect(table.columns.map((c) => c.id)).toEqual(['municipalities.key', 'municipalities.name']);
  });

  it('shows an answer without lists as one row', () => {
    const tables = tablesOf(`{ regionByCode(code: "47") { code name } }`, {
      regionByCode: { code: '47', name: 'Ленинградская область' },
    });
    expect(tables).toHaveLength(1);
    expect(tables[0].rows).toEqual([
      { 'regionByCode.code': '47', 'regionByCode.name': 'Ленинградская область' },
    ]);
    expect(tables[0].columns.map((c) => c.header)).toEqual([
      'Регион по коду субъекта РФ. Код субъекта РФ, две цифры',
      'Регион по коду субъекта РФ. Название региона',
    ]);
  });

  it('sorts figures as numbers, names as Russian text and puts empty cells last', () => {
    const [table] = answerTables(compareAnswer, parse(compare), undefined, schema);
    const [name, sites] = table.columns;
    const byName = [...table.rows].sort((a, b) => compareCells(name, a[name.id], b[name.id], 1));
    expect(byName.map((r) => r[name.id])).toEqual(['Выборгский район', 'Приозерский муниципальный район']);
    const bySites = [...table.rows].sort((a, b) => compareCells(sites, a[sites.id], b[sites.id], -1));
    expect(bySites.map((r) => r[sites.id])).toEqual([3, null]);
  });

  it('labels come from descriptions without explanations or seed references', () => {
    expect(shortLabel('Название, например «Приозерский муниципальный район»', 'name')).toBe('Название');
    expect(shortLabel('Школа-лидер (образовательная организация-лидер), 002', 'X')).toBe(
      'Школа-лидер (образовательная организация-лидер)',
    );
    expect(
      shortLabel('Региональная инновационная площадка (РИП) — одно из оснований статуса МСП (000 §1.5)', 'X'),
    ).toBe('Региональная инновационная площадка (РИП)');
    expect(shortLabel(null, 'fieldName')).toBe('fieldName');
  });

  it('builds a table with Russian headers for every documented example operation', () => {
    const dir = join(__dirname, '../../../../docs/operations');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.graphql'))) {
      const document = parse(readFileSync(join(dir, file), 'utf8'));
      for (const operation of document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION)) {
        // An empty answer still yields the columns the operation asks for.
        const headers = answerTables({ data: {} }, document, operation.name?.value, schema).flatMap((t) =>
          t.columns.map((c) => c.header),
        );
        expect({
          file,
          operation: operation.name?.value,
          latin: headers.filter((h) => !/[а-яё]/i.test(h)),
        }).toEqual({
          file,
          operation: operation.name?.value,
          latin: [],
        });
      }
    }
  });
});

describe('exports of the table (CSV and XLSX as Russian Excel reads them)', () => {
  const [table] = answerTables(compareAnswer, parse(compare), undefined, schema);
  const meta = { title: 'Сравнение муниципалитетов региона', dataDate: 'Данные на 01.09.2022' };

  it('writes CSV in UTF-8 with a BOM, «;» between cells, the title and the date of the data first', () => {
    const csv = tableToCsv(table, meta);
    expect(csv.startsWith('\uFEFFСравнение муниципалитетов региона\r\nДанные на 01.09.2022\r\n')).toBe(true);
    expect(csv.split('\r\n').slice(2)).toEqual([
      'Регион по коду субъекта РФ. Код субъекта РФ, две цифры;47',
      'Регион по коду субъекта РФ. Название региона;Ленинградская область',
      '',
      'Название;Число организаций. Муниципальная стажировочная площадка (МСП);Число организаций. Школа с низкими образовательными результатами (ШНОР)',
      'Приозерский муниципальный район;3;12',
      'Выборгский район;;1020',
      '',
    ]);
  });

  it('quotes cells with «;», quotes or line breaks, and defuses text Excel would run as a formula', () => {
    const column = { id: 'n', header: 'Название', kind: 'text' as const, sortKey: [] };
    const csv = tableToCsv(
      {
        title: '',
        context: [],
        columns: [column],
        rows: [{ n: 'a;b' }, { n: 'МОУ "СОШ"' }, { n: '=HYPERLINK("x")' }],
      },
      meta,
    );
    expect(csv.split('\r\n').slice(4, 7)).toEqual(['"a;b"', '"МОУ ""СОШ"""', `"'=HYPERLINK(""x"")"`]);
  });

  it('writes XLSX with numbers as numbers, the title and the date of the data', async () => {
    const workbook = new ExcelJS.Workbook();
    fillWorkbook(workbook, table, meta);
    const again = new ExcelJS.Workbook();
    await again.xlsx.load(await workbook.xlsx.writeBuffer());
    const sheet = again.worksheets[0];
    expect(sheet.getCell('A1').value).toBe('Сравнение муниципалитетов региона');
    expect(sheet.getCell('A2').value).toBe('Данные на 01.09.2022');
    expect(sheet.getRow(6).values).toEqual([
      undefined,
      'Название',
      expect.stringContaining('МСП'),
      expect.stringContaining('ШНОР'),
    ]);
    expect(sheet.getRow(8).values).toEqual([undefined, 'Выборгский район', undefined, 1020]);
  });

  it("dates the data by the operation's Date variables, else by the moment of the answer", () => {
    const at = new Date('2026-11-24T12:30:00Z');
    expect(dataDateLine(parse(compare), undefined, { code: '47', date: '2022-09-01' }, at, 'UTC')).toBe(
      'Данные на 01.09.2022 (получены 24.11.2026 12:30)',
    );
    expect(dataDateLine(parse(compare), undefined, { code: '47' }, at, 'Europe/Moscow')).toBe(
      'Данные на 24.11.2026 15:30',
    );
  });
});

describe('chart of a comparison', () => {
  it('draws a bar per municipality for every figure column, named by the municipality', () => {
    const [table] = answerTables(compareAnswer, parse(compare), undefined, schema);
    const chart = chartData(table);
    expect(chart?.labels).toEqual(['Приозерский муниципальный район', 'Выборгский район']);
    expect(chart?.series.map((s) => [s.column.header, s.values])).toEqual([
      ['Число организаций. Муниципальная стажировочная площадка (МСП)', [3, null]],
      ['Число организаций. Школа с низкими образовательными результатами (ШНОР)', [12, 1020]],
    ]);
  });

  it('offers no chart when there is nothing to compare', () => {
    const [table] = tablesOf(`{ regionByCode(code: "47") { code name } }`, {
      regionByCode: { code: '47', name: 'Ленинградская область' },
    });
    expect(chartData(table)).toBeNull();
  });
});
