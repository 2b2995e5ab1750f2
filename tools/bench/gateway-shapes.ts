import type { DataSet } from './gateway-bench-setup';

const fields = ['id', 'name', 'code'];
const organizationFields = ['id', 'shortName', 'fullName', 'inn', 'ogrn', 'kind'];

/** The i-th distinct shape: one of four analyst views, with an alias and a selection of its own. */
export function shapeOf(
  data: Pick<DataSet, 'regionCode' | 'municipalities' | 'schools'>,
  i: number,
): { query: string; variables?: Record<string, unknown> } {
  const alias = `v${i}`;
  const pick = (list: string[]) => list.filter((_, f) => (i >> f) & 1 || f === 0).join(' ');
  switch (i % 4) {
    case 0:
      return {
        query: `query S${i}($code: String!) { ${alias}: regionByCode(code: $code) { ${pick(fields)} municipalities { id name } } }`,
        variables: { code: data.regionCode },
      };
    case 1:
      return {
        query: `query S${i}($m: UUID!) { ${alias}: organizations(filter: { municipalityId: $m }, first: ${1 + (i % 20)}) { totalCount edges { node { ${pick(organizationFields)} } } } }`,
        variables: { m: data.municipalities[i % data.municipalities.length] },
      };
    case 2:
      return {
        query: `query S${i}($id: UUID!) { ${alias}: organization(id: $id) { ${pick(organizationFields)} statuses { id kind validFrom } } }`,
        variables: { id: data.schools[i % data.schools.length] },
      };
    default:
      return {
        query: `query S${i}($code: String!, $d: Date) { ${alias}: regionByCode(code: $code) { id municipalities { id statusCounts(activeOn: $d) { kind organizations } } } }`,
        variables: { code: data.regionCode, d: `2022-0${1 + (i % 9)}-${10 + (i % 19)}` },
      };
  }
}
