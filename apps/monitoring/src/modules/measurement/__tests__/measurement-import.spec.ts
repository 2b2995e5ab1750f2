import { readFileSync } from 'node:fs';

import { moscowEgeMapping } from '@opora/demo-data';
import { graphql, graphqlOk } from '@opora/testing';

import {
  MOSCOW_FILE,
  moscowWorld,
  projected,
  publisher,
  regionCode,
  registryWorld,
  startTestMonitoring,
} from '../../../__tests__/monitoring-fixtures';
import type { RegistryWorld } from '../../../__tests__/monitoring-fixtures';

const IMPORT = `mutation($input: ImportMeasurementsInput!) {
  importMeasurements(input: $input) {
    outcome periods indicatorCodes
    totals { rows measurements created updated unchanged rejected }
    rejected { row column field code message }
  }
}`;
const RECORD = `mutation($input: RecordMeasurementInput!) {
  recordMeasurement(input: $input) { id period value source indicator { code } organization { id } }
}`;

describe('measurements: entered and imported (real PostgreSQL and Kafka)', () => {
  let monitoring: Awaited<ReturnType<typeof startTestMonitoring>>;
  let events: Awaited<ReturnType<typeof publisher>>;
  let moscow: RegistryWorld;
  let small: RegistryWorld;

  const count = async (sql: string, params: unknown[] = []) =>
    Number((await monitoring.service.dataSource.query(`select count(*)::int as n ${sql}`, params))[0].n);
  const written = async () => ({
    measurements: await count('from measurement'),
    audit: await count('from audit_entry'),
  });
  const importFile = (
    input: Record<string, unknown>,
    content: Buffer | string,
    fileName = 'результаты.csv',
  ) =>
    graphql(monitoring.url, IMPORT, {
      input: { fileName, ...input, contentBase64: Buffer.from(content).toString('base64') },
    });

  beforeAll(async () => {
    monitoring = await startTestMonitoring();
    events = await publisher();
    moscow = await moscowWorld(regionCode());
    small = registryWorld(
      regionCode(),
      ['Город'],
      [
        { municipality: 'Город', ogrn: '1027700566761', name: 'Школа № 1' },
        { municipality: 'Город', ogrn: '1027739314734', name: 'Школа № 2' },
      ],
    );
    await events.publish([...moscow.events, ...small.events]);
    await projected(monitoring.service, moscow);
    await projected(monitoring.service, small);
  });

  afterAll(async () => {
    await events?.close();
    await monitoring?.stop();
  });

  it('imports the real Moscow file as 626 schools × 3 measurements matched by OGRN, shares computed from the counts; twice changes nothing (issue 12 §1)', async () => {
    const file = readFileSync(MOSCOW_FILE);
    const first = await graphqlOk(monitoring.url, IMPORT, {
      input: {
        regionId: moscow.regionId,
        fileName: 'moscow-ege-2015-2016.csv',
        contentBase64: file.toString('base64'),
        ...moscowEgeMapping,
      },
    });
    expect(first.importMeasurements).toMatchObject({
      outcome: 'APPLIED',
      periods: ['2015-2016'],
      totals: { rows: 626, measurements: 1878, created: 1878, updated: 0, unchanged: 0, rejected: 0 },
      rejected: [],
    });

    // School № 179 (OGRN 1027700566761): 109 sat, 80 with ≥ 220, 101 with ≥ 160 → 8 below 160.
    const school = moscow.organizations.find((o) => o.ogrn === '1027700566761')!;
    const values = await monitoring.service.dataSource.query(
      `select indicator_code, value::float as value from measurement where organization_id = $1 order by indicator_code`,
      [school.id],
    );
    expect(values).toEqual([
      { indicator_code: 'EGE_THREE_SUBJECTS_PARTICIPANTS', value: 109 },
      { indicator_code: 'EGE_THREE_SUBJECTS_SHARE_BELOW_THRESHOLD', value: 7.34 },
      { indicator_code: 'EGE_THREE_SUBJECTS_SHARE_HIGH', value: 73.39 },
    ]);

    const before = await written();
    const second = await graphqlOk(monitoring.url, IMPORT, {
      input: {
        regionId: moscow.regionId,
        fileName: 'moscow-ege-2015-2016.csv',
        contentBase64: file.toString('base64'),
        ...moscowEgeMapping,
      },
    });
    expect(second.importMeasurements.totals).toEqual({
      rows: 626,
      measurements: 1878,
      created: 0,
      updated: 0,
      unchanged: 1878,
      rejected: 0,
    });
    expect(await written()).toEqual(before);
  });

  it('rejects a file with an unknown OGRN, a malformed number, an impossible count and a duplicate school, naming row and column; nothing is written', async () => {
    const before = await written();
    const csv = [
      'ОГРН;Учебный год;Участники;Высокие',
      '1027700566761;2016-2017;100;20',
      '1027700000001;2016-2017;50;5',
      '1027739314734;2016-2017;сорок;5',
      '1027739314734;2016-2017;40;50',
      '1027700566761;2016-2017;100;20',
      '1027739314734;2016/2017;40;4',
    ].join('\n');
    const result = await importFile(
      {
        regionId: small.regionId,
        values: [{ indicatorCode: 'EGE_THREE_SUBJECTS_PARTICIPANTS', column: 'Участники' }],
        shares: [
          {
            indicatorCode: 'EGE_THREE_SUBJECTS_SHARE_HIGH',
            countColumn: 'Высокие',
            totalColumn: 'Участники',
          },
        ],
      },
      csv,
    );
    expect(result.errors).toBeUndefined();
    const report = result.data!.importMeasurements;
    expect(report.outcome).toBe('REJECTED');
    expect(
      report.rejected.map((r: { row: number; code: string; column: string | null }) => [
        r.row,
        r.code,
        r.column,
      ]),
    ).toEqual([
      [3, 'ORGANIZATION_NOT_FOUND', 'ОГРН'],
      [4, 'MALFORMED_VALUE', 'Участники'],
      [5, 'VALUE_OUT_OF_RANGE', 'Высокие'],
      [6, 'DUPLICATE_IN_FILE', 'ОГРН'],
      [7, 'INVALID_PERIOD', 'Учебный год'],
    ]);
    for (const r of report.rejected) expect(r.message).toMatch(/[а-я]/);
    expect(await written()).toEqual(before);
  });

  it('refuses an unknown indicator in the mapping and a missing column with a coded error and its field; nothing is written', async () => {
    const before = await written();
    const unknown = await importFile(
      {
        regionId: small.regionId,
        period: '2016-2017',
        values: [{ indicatorCode: 'EGE_NO_SUCH', column: 'X' }],
      },
      'ОГРН;X\n1027700566761;5',
    );
    expect(unknown.errors?.[0].extensions).toMatchObject({
      code: 'INDICATOR_NOT_FOUND',
      field: 'input.values.0.indicatorCode',
    });
    const missing = await importFile(
      {
        regionId: small.regionId,
        period: '2016-2017',
        values: [{ indicatorCode: 'EGE_RUSSIAN_AVERAGE_SCORE', column: 'Средний балл' }],
      },
      'ОГРН;X\n1027700566761;5',
    );
    expect(missing.errors?.[0].extensions).toMatchObject({
      code: 'IMPORT_FILE_UNREADABLE',
      field: 'input.columns',
      row: 1,
    });
    expect(missing.errors?.[0].message).toMatch(/Средний балл/);
    expect(await written()).toEqual(before);
  });

  it('records a measurement by mutation; a value out of range, an unknown organization or indicator and a duplicate period are refused with code and field, nothing written', async () => {
    const school = small.organizations[0];
    const input = {
      organizationId: school.id,
      indicatorCode: 'EGE_RUSSIAN_AVERAGE_SCORE',
      period: '2017-2018',
      value: 71.5,
    };
    const ok = await graphqlOk(monitoring.url, RECORD, { input });
    expect(ok.recordMeasurement).toMatchObject({
      period: '2017-2018',
      value: 71.5,
      source: 'MUTATION',
      indicator: { code: 'EGE_RUSSIAN_AVERAGE_SCORE' },
    });

    const before = await written();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...input, period: '2018-2019', value: 101 }, 'VALUE_OUT_OF_RANGE', 'input.value'],
      [
        { ...input, period: '2018-2019', organizationId: '6f1c1f43-0c55-4e0e-9d5a-000000000000' },
        'ORGANIZATION_NOT_FOUND',
        'input.organizationId',
      ],
      [
        { ...input, period: '2018-2019', indicatorCode: 'OGE_CHEMISTRY_X' },
        'INDICATOR_NOT_FOUND',
        'input.indicatorCode',
      ],
      [
        { ...input, period: '2018-2019', indicatorCode: 'PROCESS_EVENTS_HELD' },
        'INDICATOR_COMPUTED',
        'input.indicatorCode',
      ],
      [{ ...input, value: 80 }, 'MEASUREMENT_EXISTS', 'input.period'],
      [{ ...input, period: '2018-2020' }, 'BAD_USER_INPUT', 'input.period'],
    ];
    for (const [bad, code, field] of cases) {
      const result = await graphql(monitoring.url, RECORD, { input: bad });
      expect(result.errors?.[0].extensions).toMatchObject({ code, field });
      expect(result.errors?.[0].message).toMatch(/[а-я]/);
    }
    expect(await written()).toEqual(before);

    const replaced = await graphqlOk(monitoring.url, RECORD, {
      input: { ...input, value: 80, replace: true },
    });
    expect(replaced.recordMeasurement.value).toBe(80);
  });
});
