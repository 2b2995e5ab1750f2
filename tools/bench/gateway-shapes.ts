import type { DataSet } from './gateway-bench-setup';

/** What a shape needs of the data set: the region and ids to ask about. */
export type ShapeData = Pick<DataSet, 'regionCode' | 'regionId' | 'municipalities' | 'schools'>;

export interface Shape {
  /** The subgraphs the operation reaches, in order (the first one is asked first). */
  subgraphs: readonly string[];
  query: string;
  variables?: Record<string, unknown>;
}

const regionFields = ['id', 'name', 'code'];
const organizationFields = ['id', 'shortName', 'fullName', 'inn', 'ogrn', 'kind'];
const agreementFields = [
  'id',
  'number',
  'signedOn',
  'validFrom',
  'validTo',
  'state',
  'directions',
  'subjects',
];
const planFields = ['id', 'title', 'ownerKind', 'periodFrom', 'periodTo', 'version', 'state'];
const eventFields = ['id', 'kind', 'format', 'title', 'startsAt', 'endsAt', 'state', 'registeredCount'];
const indicatorFields = ['code', 'name', 'exam', 'subject', 'measure', 'unit', 'minValue', 'maxValue'];
const comparisonRowFields = ['id', 'name', 'rank', 'schools', 'average', 'median', 'min', 'max'];
const indicatorCodes = [
  'EGE_RUSSIAN_AVERAGE_SCORE',
  'EGE_THREE_SUBJECTS_SHARE_BELOW_THRESHOLD',
  'EGE_THREE_SUBJECTS_SHARE_HIGH',
];
const exams = ['EGE', 'OGE', 'VPR', 'PROCESS'];

/** The views a shape is drawn from, one after another: i % views. */
const views = 12;

/**
 * The i-th distinct shape: one of twelve analyst views over the four subgraphs — registry alone,
 * agreements, events and monitoring each on its own, and organizations and regions with what the
 * other subgraphs say of them (entities) — with an alias, an operation name, a selection and
 * arguments of its own, so that the gateway parses, validates and plans it anew, each subgraph
 * receives an operation text it has not seen, and the answer is a new response cache entry
 * (docs/decisions.md §74).
 */
export function shapeOf(data: ShapeData, i: number): Shape {
  const alias = `v${i}`;
  const variant = Math.floor(i / views);
  /** A subset of the fields (the first always), chosen by the bits of the variant. */
  const pick = (list: string[]) => list.filter((_, f) => (variant >> f) & 1 || f === 0).join(' ');
  const first = 1 + (variant % 20);
  const municipalityId = data.municipalities[variant % data.municipalities.length];
  const organizationId = data.schools[variant % data.schools.length];
  const month = String(1 + (variant % 12)).padStart(2, '0');
  const date = `2022-${month}-${10 + (variant % 19)}`;
  const period = `${2015 + (variant % 8)}-${2016 + (variant % 8)}`;
  const indicatorCode = indicatorCodes[variant % indicatorCodes.length];
  switch (i % views) {
    case 0:
      return {
        subgraphs: ['registry'],
        query: `query S${i}($code: String!) { ${alias}: regionByCode(code: $code) { ${pick(regionFields)} municipalities { id name } } }`,
        variables: { code: data.regionCode },
      };
    case 1:
      return {
        subgraphs: ['registry'],
        query: `query S${i}($m: UUID!) { ${alias}: organizations(filter: { municipalityId: $m }, first: ${first}) { totalCount edges { node { ${pick(organizationFields)} } } } }`,
        variables: { m: municipalityId },
      };
    case 2:
      return {
        subgraphs: ['registry'],
        query: `query S${i}($id: UUID!) { ${alias}: organization(id: $id) { ${pick(organizationFields)} statuses { id kind validFrom } } }`,
        variables: { id: organizationId },
      };
    case 3:
      return {
        subgraphs: ['registry'],
        query: `query S${i}($code: String!, $d: Date) { ${alias}: regionByCode(code: $code) { id municipalities { id statusCounts(activeOn: $d) { kind organizations } } } }`,
        variables: { code: data.regionCode, d: date },
      };
    case 4:
      return {
        subgraphs: ['agreements'],
        query: `query S${i}($code: String!, $d: Date) { ${alias}: agreements(filter: { regionCode: $code, activeOn: $d }, first: ${first}) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${pick(agreementFields)} } } } }`,
        variables: { code: data.regionCode, d: date },
      };
    case 5:
      return {
        subgraphs: ['agreements'],
        query: `query S${i}($m: UUID!, $d: Date) { ${alias}: plans(filter: { municipalityId: $m, activeOn: $d }, first: ${first}) { totalCount edges { node { ${pick(planFields)} } } } }`,
        variables: { m: municipalityId, d: date },
      };
    case 6:
      return {
        subgraphs: ['events'],
        query: `query S${i}($r: UUID!, $from: DateTime!, $to: DateTime!) { ${alias}: calendar(filter: { regionId: $r, from: $from, to: $to }, first: ${first}) { totalCount pageInfo { hasNextPage } edges { node { ${pick(eventFields)} } } } }`,
        variables: { r: data.regionId, from: `2022-${month}-01T00:00:00Z`, to: `2022-${month}-28T23:59:59Z` },
      };
    case 7:
      return {
        subgraphs: ['monitoring'],
        query: `query S${i}($exam: Exam) { ${alias}: indicators(exam: $exam) { ${pick(indicatorFields)} } }`,
        variables: { exam: exams[variant % exams.length] },
      };
    case 8:
      return {
        subgraphs: ['monitoring'],
        query: `query S${i}($c: String!, $p: String!) { ${alias}: compareRegions(indicatorCode: $c, period: $p) { period average schools indicator { ${pick(indicatorFields)} } rows { ${pick(comparisonRowFields)} } } }`,
        variables: { c: indicatorCode, p: period },
      };
    case 9:
      return {
        subgraphs: ['registry', 'monitoring'],
        query: `query S${i}($code: String!, $c: String!, $p: String!) { ${alias}: regionByCode(code: $code) { ${pick(regionFields)} compareMunicipalities(indicatorCode: $c, period: $p) { period average schools rows { ${pick(comparisonRowFields)} } } } }`,
        variables: { code: data.regionCode, c: indicatorCode, p: period },
      };
    case 10:
      return {
        subgraphs: ['registry', 'agreements'],
        query: `query S${i}($id: UUID!) { ${alias}: organization(id: $id) { ${pick(organizationFields)} agreements${variant % 2 ? '(side: LEADER)' : ''} { ${pick(agreementFields)} } plans { ${pick(planFields)} } } }`,
        variables: { id: organizationId },
      };
    default:
      return {
        subgraphs: ['registry', 'events', 'monitoring'],
        query: `query S${i}($id: UUID!, $from: DateTime, $to: DateTime, $f: Date, $t: Date) { ${alias}: organization(id: $id) { ${pick(organizationFields)} organizedEvents(from: $from, to: $to, first: ${first}) { totalCount edges { node { ${pick(eventFields)} } } } activity(from: $f, to: $t) { from to eventsHeld activeAgreements planFulfilment { planned done } } } }`,
        variables: {
          id: organizationId,
          from: `2022-${month}-01T00:00:00Z`,
          to: `2022-${month}-28T23:59:59Z`,
          f: `2021-09-01`,
          t: date,
        },
      };
  }
}
