import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

import ExcelJS from 'exceljs';
import { moscowEgeMapping } from '@opora/demo-data';
import { readTable } from '@opora/tabular-import';
import { eventually, graphql, graphqlOk } from '@opora/testing';

import {
  envelope,
  MOSCOW_FILE,
  moscowWorld,
  projected,
  publisher,
  regionCode,
  startTestMonitoring,
  statusAssigned,
} from '../../../__tests__/monitoring-fixtures';
import type { RegistryWorld } from '../../../__tests__/monitoring-fixtures';

const IMPORT = `mutation($input: ImportMeasurementsInput!) { importMeasurements(input: $input) { outcome totals { created } } }`;
const REGION = (fields: string) =>
  `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Region { ${fields} } } }`;
const FRESHNESS = 'freshness { source lagEvents lastEventAt }';

interface School {
  ogrn: string;
  okrug: string;
  total: number;
  high: number;
  below: number;
}

const pct = (count: number, total: number) => Math.round((count / total) * 10_000) / 100;
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const round2 = (x: number) => Math.round(x * 100) / 100;

describe('analytics across districts on the real Moscow results (real PostgreSQL and Kafka)', () => {
  let monitoring: Awaited<ReturnType<typeof startTestMonitoring>>;
  let events: Awaited<ReturnType<typeof publisher>>;
  let moscow: RegistryWorld;
  let schools: School[];
  let supported: School[];
  let leader: School;
  const agreementId = randomUUID();
  const idOf = (ogrn: string) => moscow.organizations.find((o) => o.ogrn === ogrn)!.id;
  const region = async (fields: string, auth?: Parameters<typeof graphql>[4]) =>
    graphql(
      monitoring.url,
      REGION(fields),
      { reps: [{ __typename: 'Region', id: moscow.regionId }] },
      {},
      auth,
    );
  const regionOk = async (fields: string) => {
    const result = await region(fields);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!._entities[0];
  };
  const analyst = () => ({
    as: { subject: 'analyst', name: 'Аналитик', role: 'ANALYST' as const, regionCode: moscow.regionCode },
  });

  beforeAll(async () => {
    monitoring = await startTestMonitoring();
    events = await publisher();
    moscow = await moscowWorld(regionCode());
    const table = await readTable(readFileSync(MOSCOW_FILE), { fileName: 'moscow.csv' });
    schools = table.rows.map((r) => ({
      ogrn: r.cells.OGRN,
      okrug: r.cells.AdmArea,
      total: Number(r.cells.PASSED_NUMBER_FULL),
      high: Number(r.cells.PASSES_OVER_220),
      below: Number(r.cells.PASSED_NUMBER_FULL) - Number(r.cells.PASSER_UNDER_160),
    }));
    const big = schools.filter((s) => s.total >= 20);
    const byHigh = [...big].sort((a, b) => pct(a.high, a.total) - pct(b.high, b.total));
    supported = byHigh.slice(0, 3);
    leader = byHigh[byHigh.length - 1];
    await events.publish([
      ...moscow.events,
      // Support begins after 2015–2016: that year is «before support» for them.
      ...supported.map((s) => statusAssigned(moscow, idOf(s.ogrn), 'LOW_RESULTS', '2016-09-01')),
      statusAssigned(moscow, idOf(leader.ogrn), 'LEADER_SCHOOL', '2015-01-01'),
      envelope(
        'agreements.agreement.concluded',
        agreementId,
        {
          agreementId,
          leaderOrganizationId: idOf(leader.ogrn),
          partnerOrganizationId: idOf(supported[0].ogrn),
          partnerOrganizationIds: supported.map((s) => idOf(s.ogrn)),
          municipalityId: moscow.organizations.find((o) => o.ogrn === leader.ogrn)!.municipalityId,
          validFrom: '2016-09-01',
          validTo: null,
        },
        { regionCode: moscow.regionCode },
      ),
    ]);
    await projected(monitoring.service, moscow);
    await graphqlOk(monitoring.url, IMPORT, {
      input: {
        regionId: moscow.regionId,
        fileName: 'moscow-ege-2015-2016.csv',
        contentBase64: readFileSync(MOSCOW_FILE).toString('base64'),
        ...moscowEgeMapping,
      },
    });
    // The next year for the supported schools and the leader (entered by hand: 10 points better).
    const next = [...supported, leader]
      .map(
        (s) =>
          `${s.ogrn};2016-2017;${Math.min(100, pct(s.high, s.total) + 10)
            .toFixed(2)
            .replace('.', ',')}`,
      )
      .join('\n');
    await graphqlOk(monitoring.url, IMPORT, {
      input: {
        regionId: moscow.regionId,
        fileName: 'next.csv',
        contentBase64: Buffer.from(`ОГРН;Учебный год;Доля 220+\n${next}`).toString('base64'),
        values: [{ indicatorCode: 'EGE_THREE_SUBJECTS_SHARE_HIGH', column: 'Доля 220+' }],
      },
    });
  });

  afterAll(async () => {
    await events?.close();
    await monitoring?.stop();
  });

  it('compares the 10 okrugs of Moscow on the share of 220+ results: averages as counted from the file, best first, with freshness (issue 12 §3, §5)', async () => {
    const { compareMunicipalities: c } = await regionOk(
      `compareMunicipalities(indicatorCode: "EGE_THREE_SUBJECTS_SHARE_HIGH", period: "2015-2016") {
        period average schools rows { id name schools average rank supportedSchools } ${FRESHNESS} }`,
    );
    expect(c.rows).toHaveLength(10);
    expect(c.schools).toBe(626);
    expect(c.average).toBeCloseTo(mean(schools.map((s) => pct(s.high, s.total))), 2);
    for (const row of c.rows) {
      const own = schools.filter((s) => s.okrug === row.name);
      expect(row.schools).toBe(own.length);
      expect(row.average).toBeCloseTo(round2(mean(own.map((s) => pct(s.high, s.total)))), 2);
    }
    expect(c.rows.map((r: { rank: number }) => r.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const averages = c.rows.map((r: { average: number }) => r.average);
    expect([...averages].sort((a, b) => b - a)).toEqual(averages);
    expect(c.freshness.map((f: { source: string }) => f.source)).toEqual([
      'registry',
      'agreements',
      'events',
    ]);
  });

  it('ranks candidate leader schools by the highest results (002 §1.3): no supported schools, small cohorts left out, a municipality filter', async () => {
    const { leaderCandidates: ranking } = await regionOk(
      `leaderCandidates(input: { period: "2015-2016", minParticipants: 20, limit: 10 }) {
        scored schools { organization { id } name municipalityName score participants statuses values { indicatorCode value } } }`,
    );
    expect(ranking.schools).toHaveLength(10);
    expect(ranking.scored).toBe(schools.filter((s) => s.total >= 20).length);
    const scores = ranking.schools.map((s: { score: number }) => s.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const s of ranking.schools) {
      expect(s.participants).toBeGreaterThanOrEqual(20);
      expect(s.statuses).not.toContain('LOW_RESULTS');
    }
    // The best by the two shares beats the region on both.
    const top = ranking.schools[0].values;
    expect(top[0].value).toBeGreaterThan(mean(schools.map((s) => pct(s.high, s.total))));
    expect(top[1].value).toBeLessThan(mean(schools.map((s) => pct(s.below, s.total))));

    const okrug = moscow.municipalities[0];
    const narrowed = await regionOk(
      `leaderCandidates(input: { period: "2015-2016", municipalityIds: ["${okrug.id}"], limit: 1000 }) { schools { municipalityName } }`,
    );
    expect(narrowed.leaderCandidates.schools.length).toBeGreaterThan(0);
    for (const s of narrowed.leaderCandidates.schools) expect(s.municipalityName).toBe(okrug.name);
  });

  it('lists the schools at risk, lowest first, with those already supported marked and excludable', async () => {
    const all = await regionOk(
      `schoolsAtRisk(input: { period: "2015-2016", limit: 1000 }) { schools { organization { id } score statuses } }`,
    );
    const risk = all.schoolsAtRisk.schools;
    const scores = risk.map((s: { score: number }) => s.score);
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
    for (const s of risk) expect(s.score).toBeLessThanOrEqual(-0.5);
    const supportedIds = supported.map((s) => idOf(s.ogrn));
    // Support began after 2015–2016: they hold no status in that year, so they are not marked yet.
    for (const id of supportedIds)
      expect(risk.map((s: { organization: { id: string } }) => s.organization.id)).toContain(id);
    const excluded = await regionOk(
      `schoolsAtRisk(input: { period: "2015-2016", limit: 1000, maxScore: -1 }) { schools { score } }`,
    );
    for (const s of excluded.schoolsAtRisk.schools) expect(s.score).toBeLessThanOrEqual(-1);
  });

  it('shows supported schools before and since support against the leader schools and the regional average', async () => {
    const { supportDynamics: d } = await regionOk(
      `supportDynamics(indicatorCode: "EGE_THREE_SUBJECTS_SHARE_HIGH") { points { period supportedBefore supportedBeforeSchools supportedSince supportedSinceSchools leaderSchools leaderSchoolsCount regionAverage regionSchools } }`,
    );
    const [y2015, y2016] = d.points;
    expect(y2015).toMatchObject({
      period: '2015-2016',
      supportedBeforeSchools: 3,
      supportedSinceSchools: 0,
      leaderSchoolsCount: 1,
      regionSchools: 626,
    });
    expect(y2015.supportedBefore).toBeCloseTo(round2(mean(supported.map((s) => pct(s.high, s.total)))), 2);
    expect(y2015.leaderSchools).toBeCloseTo(pct(leader.high, leader.total), 2);
    expect(y2016).toMatchObject({
      period: '2016-2017',
      supportedBeforeSchools: 0,
      supportedSinceSchools: 3,
      leaderSchoolsCount: 1,
      regionSchools: 4,
    });
    expect(y2016.supportedSince).toBeCloseTo(
      round2(mean(supported.map((s) => pct(s.high, s.total) + 10))),
      2,
    );
  });

  it("measures the leader school by its partners' change beyond the region's (difference in differences)", async () => {
    const result = await eventually(
      async () => {
        const data = await graphqlOk(
          monitoring.url,
          `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Organization {
            leaderSchoolEffectiveness(indicatorCode: "EGE_THREE_SUBJECTS_SHARE_HIGH", period: "2016-2017") {
              partners { organization { id } baselinePeriod baseline current change } partnersChange regionChange effect } } } }`,
          { reps: [{ __typename: 'Organization', id: idOf(leader.ogrn) }] },
        );
        const e = data._entities[0].leaderSchoolEffectiveness;
        return e.partners.length === 3 && e;
      },
      30_000,
      'соглашение в проекции',
    );
    for (const p of result.partners) {
      expect(p.baselinePeriod).toBe('2015-2016');
      expect(p.change).toBeCloseTo(10, 2);
    }
    expect(result.partnersChange).toBeCloseTo(10, 2);
    // The region between the same years: the four schools measured in both (partners and leader).
    const both = [...supported, leader];
    const regionChange = mean(
      both.map((s) => Math.min(100, pct(s.high, s.total) + 10) - pct(s.high, s.total)),
    );
    expect(result.regionChange).toBeCloseTo(regionChange, 1);
    expect(result.effect).toBeCloseTo(10 - regionChange, 1);
  });

  it("keeps an analyst to the own region: another region's comparison is FORBIDDEN, compareRegions shows only the own region", async () => {
    const other = { as: { subject: 'a2', name: 'Аналитик', role: 'ANALYST' as const, regionCode: '01' } };
    const refused = await region(
      `compareMunicipalities(indicatorCode: "EGE_THREE_SUBJECTS_SHARE_HIGH", period: "2015-2016") { schools }`,
      other,
    );
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const own = await graphqlOk(
      monitoring.url,
      `{ compareRegions(indicatorCode: "EGE_THREE_SUBJECTS_SHARE_HIGH", period: "2015-2016") { rows { id schools } } }`,
      {},
      {},
      analyst(),
    );
    expect(own.compareRegions.rows.map((r: { id: string }) => r.id)).toContain(moscow.regionId);
    const bad = await graphql(
      monitoring.url,
      `
        {
          compareRegions(indicatorCode: "NOPE", period: "2015-2016") {
            schools
          }
        }
      `,
    );
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'INDICATOR_NOT_FOUND', field: 'indicatorCode' });
    const period = await graphql(
      monitoring.url,
      `
        {
          compareRegions(indicatorCode: "EGE_THREE_SUBJECTS_SHARE_HIGH", period: "2015") {
            schools
          }
        }
      `,
    );
    expect(period.errors?.[0].extensions).toMatchObject({ code: 'INVALID_PERIOD', field: 'period' });
  });

  it('reports a region for a period (000 §3.5.2): JSON, an XLSX opened with Russian headers and DD.MM.YYYY, a CSV for Russian Excel', async () => {
    const input = { subject: 'REGION', id: moscow.regionId, from: '2015-09-01', to: '2016-08-31' };
    const json = await graphqlOk(
      monitoring.url,
      `query($input: ReportInput!) { monitoringReport(input: $input) { title subjectName from to sections { title columns rows } } }`,
      { input },
    );
    const report = json.monitoringReport;
    expect(report.title).toBe('Отчёт мониторинга региона');
    const results = report.sections.find((s: { title: string }) =>
      s.title.startsWith('Результаты по муниципальным'),
    );
    expect(results.rows).toHaveLength(10);
    expect(results.columns[0]).toBe('Муниципальное образование');

    const file = await graphqlOk(
      monitoring.url,
      `query($input: ReportInput!) { monitoringReportFile(input: $input, format: XLSX) { fileName contentType contentBase64 } }`,
      { input },
    );
    expect(file.monitoringReportFile.fileName).toBe('отчёт-региона-2015-09-01-2016-08-31.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.monitoringReportFile.contentBase64, 'base64') as never);
    const sheet = book.getWorksheet('Отчёт')!;
    const texts: string[] = [];
    const rowNumbers: number[] = [];
    sheet.eachRow((row, n) => {
      texts.push((row.values as unknown[]).slice(1).map(String).join('|'));
      rowNumbers.push(n);
    });
    expect(texts[0]).toBe('Отчёт мониторинга региона');
    expect(texts).toContain('Период: с 01.09.2015 по 31.08.2016');
    expect(texts.some((t) => t.startsWith('Муниципальное образование|Школ|ЕГЭ, три предмета'))).toBe(true);
    const okrugRows = texts.filter((t) => / административный округ\|/.test(t));
    expect(okrugRows).toHaveLength(10);
    const numbers = sheet.getRow(rowNumbers[texts.indexOf(okrugRows[0])]).getCell(2).value;
    expect(typeof numbers).toBe('number');

    const csv = await graphqlOk(
      monitoring.url,
      `query($input: ReportInput!) { monitoringReportFile(input: $input, format: CSV) { fileName contentBase64 } }`,
      { input },
    );
    const text = Buffer.from(csv.monitoringReportFile.contentBase64, 'base64').toString('utf8');
    expect(text.startsWith('\ufeffОтчёт мониторинга региона\r\n')).toBe(true);
    expect(text).toContain('Период: с 01.09.2015 по 31.08.2016');
    expect(text).toMatch(/административный округ;\d+;\d+;\d+,\d+/);
  });

  it('refuses a report on a school to staff of another school (authorization as for the data shown)', async () => {
    const [a, b] = moscow.organizations;
    const staff = {
      as: {
        subject: 's',
        name: 'Сотрудник',
        role: 'SCHOOL_STAFF' as const,
        regionCode: moscow.regionCode,
        municipalityId: b.municipalityId,
        organizationId: b.id,
      },
    };
    const refused = await graphql(
      monitoring.url,
      `
        query ($input: ReportInput!) {
          monitoringReport(input: $input) {
            title
          }
        }
      `,
      { input: { subject: 'TRAINING_SITE', id: a.id } },
      {},
      staff,
    );
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const own = await graphqlOk(
      monitoring.url,
      `query($input: ReportInput!) { monitoringReport(input: $input) { title sections { title } } }`,
      { input: { subject: 'TRAINING_SITE', id: b.id } },
      {},
      staff,
    );
    expect(own.monitoringReport.sections.map((s: { title: string }) => s.title)).toContain(
      'Эффективность стажировочной площадки',
    );
  });
});
