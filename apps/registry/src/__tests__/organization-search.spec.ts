import { graphql, graphqlOk } from '@opora/testing';

import { createNetwork, grounds, ops } from './registry-fixtures';
import { startTestRegistry } from './start-registry';

const SEARCH = `query($filter: OrganizationsFilter, $first: Int, $after: String) {
  organizations(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id fullName shortName statuses(activeOn: "2022-01-10") { kind } } }
  }
}`;

describe('organizations: search, filters, cursor pages (registry subgraph, real PostgreSQL)', () => {
  let registry: Awaited<ReturnType<typeof startTestRegistry>>;
  let net: Awaited<ReturnType<typeof createNetwork>>;
  const names = async (filter: Record<string, unknown>) =>
    (
      await graphqlOk(registry.url, SEARCH, { filter: { municipalityId: net.home, ...filter }, first: 100 })
    ).organizations.edges.map((e: { node: { shortName: string } }) => e.node.shortName);

  beforeAll(async () => {
    registry = await startTestRegistry();
    net = await createNetwork(registry.url);
    for (const [fullName, shortName] of [
      [
        'Муниципальное общеобразовательное учреждение «Средняя общеобразовательная школа № 4»',
        'МОУ «СОШ № 4»',
      ],
      [
        'Муниципальное общеобразовательное учреждение «Средняя общеобразовательная школа №42»',
        'МОУ «СОШ №42»',
      ],
      [
        'Муниципальное общеобразовательное учреждение «Петровская основная общеобразовательная школа»',
        'МОУ «Петровская ООШ»',
      ],
      ['Муниципальное общеобразовательное учреждение «Ёлкинская средняя школа»', 'МОУ «Ёлкинская СШ»'],
    ])
      await net.organization(net.home, { fullName, shortName });
  });

  afterAll(async () => {
    await registry?.stop();
  });

  it('finds МОУ «СОШ № 4» by «сош 4»: case-insensitive, quotes and «№» ignored, a number matches whole', async () => {
    expect(await names({ search: 'сош 4' })).toEqual(['МОУ «СОШ № 4»']);
    expect(await names({ search: 'СОШ №4' })).toEqual(['МОУ «СОШ № 4»']);
    expect(await names({ search: '«сош 42»' })).toEqual(['МОУ «СОШ №42»']);
  });

  it('treats «ё» as «е» both ways, and a word’s beginning finds it', async () => {
    expect(await names({ search: 'елкинская' })).toEqual(['МОУ «Ёлкинская СШ»']);
    expect(await names({ search: 'ЁЛКИН' })).toEqual(['МОУ «Ёлкинская СШ»']);
    expect(await names({ search: 'петров оош' })).toEqual(['МОУ «Петровская ООШ»']);
    expect(await names({ search: 'етровская' })).toEqual([]);
  });

  it('issue #9 point 6: finds schools by their municipality’s name with the same «ё», case and quote folding', async () => {
    const { createMunicipality } = await graphqlOk(registry.url, ops.createMunicipality, {
      input: { regionId: net.region.id, name: 'Приозерский муниципальный район' },
    });
    await net.organization(createMunicipality.id, {
      fullName:
        'Муниципальное общеобразовательное учреждение «Средняя общеобразовательная школа № 4 г. Приозерска»',
      shortName: 'МОУ «СОШ № 4» г. Приозерска',
    });
    await net.organization(createMunicipality.id, {
      fullName: 'Муниципальное дошкольное образовательное учреждение «Детский сад № 1»',
      shortName: 'МДОУ «Детский сад № 1»',
    });
    const inRegion = async (search: string) =>
      (
        await graphqlOk(registry.url, SEARCH, { filter: { regionId: net.region.id, search }, first: 100 })
      ).organizations.edges.map((e: { node: { shortName: string } }) => e.node.shortName);
    expect(await inRegion('Приозёрский сош')).toEqual(['МОУ «СОШ № 4» г. Приозерска']);
    expect(await inRegion('«ПРИОЗЕРСКИЙ» СОШ 4')).toEqual(['МОУ «СОШ № 4» г. Приозерска']);
    expect(await inRegion('приозёрский муниципальный')).toHaveLength(2);
    // The home municipality's schools do not match the Priozersky words.
    expect(await inRegion('приозерский сош 42')).toEqual([]);
  });

  it('finds an organization by its OGRN', async () => {
    const { organizations } = await graphqlOk(
      registry.url,
      `query { organizations(first: 1) { edges { node { id ogrn } } } }`,
    );
    const { ogrn, id } = organizations.edges[0].node;
    const found = await graphqlOk(registry.url, SEARCH, { filter: { search: ogrn } });
    expect(found.organizations.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([id]);
  });

  it('filters by kind and by a status held on a date, with the statuses of that date', async () => {
    expect(await names({ kind: 'EDUCATION_AUTHORITY' })).toHaveLength(1);
    const organizationId = await net.school();
    const { assignStatus } = await graphqlOk(registry.url, ops.assign, {
      input: {
        organizationId,
        kind: 'TRAINING_SITE',
        theme: 'Наставничество',
        grounds,
        programmeId: await net.programme('2021-09-01', '2023-05-31'),
        assigningOrderId: await net.order(net.homeAuthority),
      },
    });
    const holding = (activeOn: string) =>
      graphqlOk(registry.url, SEARCH, {
        filter: { municipalityId: net.home, holdsStatus: { kind: 'TRAINING_SITE', activeOn } },
      });
    const on = await holding('2022-01-10');
    expect(on.organizations.totalCount).toBe(1);
    expect(on.organizations.edges[0].node).toMatchObject({
      id: organizationId,
      statuses: [{ kind: 'TRAINING_SITE' }],
    });
    expect((await holding('2021-08-31')).organizations.totalCount).toBe(0);
    expect((await holding('2023-06-01')).organizations.totalCount).toBe(0);
    expect(assignStatus.validTo).toBe('2023-05-31');
  });

  it('pages with cursors: every organization once, in name order, with the total count', async () => {
    const all: string[] = [];
    let after: string | null = null;
    let total = 0;
    let pages = 0;
    do {
      const { organizations }: { organizations: any } = await graphqlOk(registry.url, SEARCH, {
        filter: { regionId: net.region.id },
        first: 3,
        after,
      });
      total = organizations.totalCount;
      all.push(...organizations.edges.map((e: { node: { fullName: string } }) => e.node.fullName));
      after = organizations.pageInfo.hasNextPage ? organizations.pageInfo.endCursor : null;
      pages += 1;
    } while (after);
    expect(all).toHaveLength(total);
    expect(new Set(all).size).toBe(total);
    expect([...all].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(all);
    expect(pages).toBe(Math.ceil(total / 3));
  });

  it('refuses a forged cursor and a page size over the limit with the argument at fault', async () => {
    const forged = await graphql(registry.url, SEARCH, { after: 'не-курсор', first: 10 });
    expect(forged.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const huge = await graphql(registry.url, SEARCH, { first: 100_000 });
    expect(huge.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(huge.errors?.[0]?.message).toMatch(/Размер страницы/);
  });
});
