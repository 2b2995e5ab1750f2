import { buildSchema, parse, specifiedRules, validate } from 'graphql';

import { armor, formatGatewayError, limits, russianCost } from '../protection';

/** The limits as a client reads them: the code of the first error and the figures in its message. */
describe('protection limits say the truth', () => {
  const schema = buildSchema(`
    type Query { regions: [Region!]! }
    type Region { code: String! municipalities: [Municipality!]! }
    type Municipality { name: String! region: Region! }
  `);
  const refusals = (query: string) =>
    validate(schema, parse(query), [...specifiedRules, ...armor().validationRules]).map((error) =>
      formatGatewayError({ message: error.message }),
    );
  const deep = (n: number) =>
    `{ regions ${'{ municipalities { region '.repeat(n / 2)}{ code }${' } }'.repeat(n / 2)} }`;

  it('refuses a 1,000-deep query as QUERY_TOO_DEEP first, though it is too costly as well', () => {
    const errors = refusals(deep(1000));
    expect(errors.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_DEEP', 'QUERY_TOO_COSTLY']);
    expect(errors[0].message).toBe(`Запрос слишком глубокий: 1002 уровней при пределе ${limits.maxDepth}`);
  });

  it('reports the real cost of a very deep query, not the digits before its decimal point', () => {
    const [, costly] = refusals(deep(200));
    expect(costly.extensions?.code).toBe('QUERY_TOO_COSTLY');
    // armor's own figure is about 10^36 here; the old pattern printed «стоимость 5».
    expect(costly.message).toMatch(
      /^Запрос слишком дорогой: стоимость \d,\d\d·10\^\d{2} при пределе 25 000$/,
    );
  });

  it('writes costs the Russian way', () => {
    expect(russianCost('5.5e+35')).toBe('5,50·10^35');
    expect(russianCost('75000')).toBe('75 000');
    expect(russianCost('21468.75')).toBe('21 469');
  });

  it('counts aliases of __typename towards the alias limit like any other alias', () => {
    const aliases = Array.from({ length: limits.maxAliases + 1 }, (_, i) => `t${i}: __typename`).join(' ');
    expect(refusals(`{ ${aliases} }`).map((e) => e.extensions?.code)).toEqual(['TOO_MANY_ALIASES']);
    expect(refusals(`{ __typename regions { __typename code } }`)).toEqual([]);
  });
});
