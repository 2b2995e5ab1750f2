import { randomUUID } from 'node:crypto';

import type { Principal } from '@opora/auth';
import { graphql, graphqlOk } from '@opora/testing';

import { project, registryEvent, registryWorld } from './registry-world';
import { startTestAgreements } from './start-agreements';

/**
 * The read side: lists across a municipality or region with filters, Relay pages and totals;
 * Organization extended by key without a statement per organization; the consumer-lag metric; and
 * the access matrix (role × action × own/foreign scope) with real tokens.
 */
let agreements: Awaited<ReturnType<typeof startTestAgreements>>;
const world = registryWorld();
/** Thirty more ШНОР of the Pavlovsky district, one agreement each. */
const schools = Array.from({ length: 30 }, () => randomUUID());

const leaderStaff: Principal = {
  subject: 'leader',
  role: 'SCHOOL_STAFF',
  regionCode: '23',
  municipalityId: world.pavlovsky,
  organizationId: world.leader,
};

beforeAll(async () => {
  agreements = await startTestAgreements();
  await project(agreements.service.dataSource, [
    ...world.events,
    ...schools.flatMap((id, i) => [
      registryEvent('registry.organization.created', id, {
        organizationId: id,
        municipalityId: world.pavlovsky,
        regionId: world.krasnodar,
        kind: 'SCHOOL',
        fullName: `ШНОР № ${i + 100}`,
        shortName: null,
        inn: null,
        ogrn: null,
      }),
      registryEvent('registry.status.assigned', id, {
        statusId: randomUUID(),
        organizationId: id,
        municipalityId: world.pavlovsky,
        kind: 'LOW_RESULTS',
        theme: 'ШНОР',
        programmeId: null,
        assigningOrderId: randomUUID(),
        validFrom: '2021-01-01',
        validTo: '2023-12-31',
        correctsStatusId: null,
      }),
    ]),
  ]);
  for (const [i, school] of schools.entries()) {
    const { draftAgreement } = await graphqlOk(
      agreements.url,
      `mutation ($input: DraftAgreementInput!) { draftAgreement(input: $input) { id } }`,
      {
        input: {
          number: `${i + 1}/2021`,
          signedOn: '2021-09-01',
          validFrom: `2021-09-${String((i % 28) + 1).padStart(2, '0')}`,
          validTo: '2022-08-31',
          leaderOrganizationId: world.leader,
          partnerOrganizationIds: [school],
          directions: i % 2 ? ['MANAGEMENT'] : ['SUBJECT_TEACHING'],
          subjects: i % 3 ? ['Математика'] : ['Русский язык'],
          leaderResponsible: 'Иванова М.П.',
        },
      },
      {},
      { as: leaderStaff },
    );
    if (i < 20)
      await graphqlOk(
        agreements.url,
        `mutation ($id: UUID!) { concludeAgreement(input: { id: $id }) { id } }`,
        { id: draftAgreement.id },
        {},
        { as: leaderStaff },
      );
  }
}, 120_000);
afterAll(() => agreements?.stop());

const LIST = `query ($filter: AgreementsFilter, $first: Int, $after: String) {
  agreements(filter: $filter, first: $first, after: $after) {
    totalCount edges { cursor node { number state validFrom } } pageInfo { hasNextPage endCursor } } }`;

describe('agreements across a municipality or region', () => {
  it('pages through a municipality’s agreements by start date, with the total', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const {
        agreements: page,
      }: {
        agreements: {
          totalCount: number;
          edges: { node: { number: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      } = await graphqlOk(agreements.url, LIST, {
        filter: { municipalityId: world.pavlovsky },
        first: 7,
        after,
      });
      expect(page.totalCount).toBe(30);
      seen.push(...page.edges.map((e) => e.node.number));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(30);
  });

  it('filters by state, active date, subject and direction', async () => {
    const total = async (filter: Record<string, unknown>) =>
      (await graphqlOk(agreements.url, LIST, { filter: { regionCode: '23', ...filter }, first: 1 }))
        .agreements.totalCount as number;
    expect(await total({ state: 'CONCLUDED' })).toBe(20);
    expect(await total({ state: 'DRAFT' })).toBe(10);
    expect(await total({ activeOn: '2021-09-05' })).toBe(5);
    expect(await total({ activeOn: '2022-09-01' })).toBe(0);
    expect(await total({ subject: 'Русский язык' })).toBe(10);
    expect(await total({ direction: 'MANAGEMENT' })).toBe(15);
  });

  it('a filter naming another region is refused with the filter’s field; lists are silently scoped', async () => {
    const analyst47: Principal = { subject: 'a47', role: 'ANALYST', regionCode: '47' };
    const refused = await graphql(
      agreements.url,
      LIST,
      { filter: { regionCode: '23' } },
      {},
      { as: analyst47 },
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'filter.regionCode' });
    const scoped = await graphqlOk(agreements.url, LIST, {}, {}, { as: analyst47 });
    expect(scoped.agreements.totalCount).toBe(0);
  });
});

describe('Organization extended by key', () => {
  it('1,000 organizations in one _entities request: a constant number of SQL statements, not one per organization', async () => {
    const representations = [
      world.leader,
      ...schools,
      ...Array.from({ length: 969 }, () => randomUUID()),
    ].map((id) => ({ __typename: 'Organization', id }));
    agreements.statements.length = 0;
    const { _entities } = await graphqlOk(
      agreements.url,
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { id agreements { number leaderResponsible } plans { id } mentorships { id } } } }`,
      { r: representations },
    );
    expect(_entities).toHaveLength(1000);
    expect(_entities[0].agreements).toHaveLength(30);
    expect(_entities[1].agreements).toHaveLength(1);
    // Only statements on the agreements' own tables: the service's projection consumers apply the
    // shared registry topic meanwhile (other specs write to it), and their statements are not the request's.
    const own = agreements.statements.filter((sql) =>
      /\b(partnership_agreement|activity_plan|plan_version|plan_item|mentorship|fulfilling_event)\b/.test(
        sql,
      ),
    );
    expect(own.length).toBeLessThanOrEqual(3);
  });
});

describe('consumer lag', () => {
  it('the registry projection’s and the events consumer’s lag are on /metrics', async () => {
    const text = await (await fetch(`${agreements.service.url.replace(/\/graphql$/, '')}/metrics`)).text();
    expect(text).toMatch(/opora_consumer_lag\{[^}]*group="agreements\.registry-projection\.test-/);
    expect(text).toMatch(/opora_consumer_lag\{[^}]*group="agreements\.events\.test-/);
  });
});
