import { positionalStatement } from '../entity-rows';

describe('positionalStatement (docs/decisions.md §80)', () => {
  it('numbers named parameters in order of first use, one number per name, casts untouched', () => {
    const statement = positionalStatement(
      `select o.id from organization o where o.kind = :kind and (o.name like :pattern0 or m.name like :pattern0)
         and o.valid @> cast(:activeOn as date) and o.created::date > :activeOn::date limit :limit`,
    );
    expect(statement.text).toBe(
      `select o.id from organization o where o.kind = $1 and (o.name like $2 or m.name like $2)
         and o.valid @> cast($3 as date) and o.created::date > $3::date limit $4`,
    );
    expect(
      statement.values({ limit: 101, activeOn: '2022-01-10', kind: 'SCHOOL', pattern0: '% сош%' }),
    ).toEqual(['SCHOOL', '% сош%', '2022-01-10', 101]);
  });

  it('refuses a request that leaves a parameter out', () => {
    expect(() => positionalStatement('select 1 where a = :a').values({})).toThrow(':a');
  });
});
