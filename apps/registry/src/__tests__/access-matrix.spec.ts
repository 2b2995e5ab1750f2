import { randomInt } from 'node:crypto';

import { roles } from '@opora/auth';
import type { Principal } from '@opora/auth';
import { build, graphql, graphqlOk } from '@opora/testing';

import { createNetwork, grounds, ops } from './registry-fixtures';
import { startTestRegistry } from './start-registry';

type Role = Principal['role'];
type Network = Awaited<ReturnType<typeof createNetwork>>;

/**
 * Every role × every mutation × own and foreign scope, against the registry subgraph with real
 * tokens. "Own" is the caller's region, municipality or school; "foreign" is another region. The
 * expected table is written out by hand from the issue's roles, not computed from the policy.
 */
const allowedInOwnScope: Record<string, Role[]> = {
  createRegion: ['PLATFORM_ADMIN'],
  createMunicipality: ['PLATFORM_ADMIN', 'REGION_ADMIN'],
  registerOrganization: ['PLATFORM_ADMIN', 'REGION_ADMIN', 'MUNICIPAL_OPERATOR'],
  correctOrganization: ['PLATFORM_ADMIN', 'REGION_ADMIN', 'MUNICIPAL_OPERATOR', 'SCHOOL_STAFF'],
  issueOrder: ['PLATFORM_ADMIN', 'REGION_ADMIN', 'MUNICIPAL_OPERATOR', 'SCHOOL_STAFF'],
  approveProgramme: ['PLATFORM_ADMIN', 'REGION_ADMIN', 'MUNICIPAL_OPERATOR'],
  assignStatus: ['PLATFORM_ADMIN', 'REGION_ADMIN', 'MUNICIPAL_OPERATOR'],
  endStatusEarly: ['PLATFORM_ADMIN', 'REGION_ADMIN', 'MUNICIPAL_OPERATOR'],
  correctStatus: ['PLATFORM_ADMIN', 'REGION_ADMIN', 'MUNICIPAL_OPERATOR'],
  appointSiteHead: ['PLATFORM_ADMIN', 'REGION_ADMIN', 'MUNICIPAL_OPERATOR', 'SCHOOL_STAFF'],
  importOrganizations: ['PLATFORM_ADMIN', 'REGION_ADMIN'],
};

/** A mutation case: its operation and the variables for a target inside `net`, prepared as the platform's operator. */
type Case = (net: Network, school: string) => Promise<{ query: string; variables: Record<string, unknown> }>;

const csv = (ogrn: string) =>
  Buffer.from(`EDU_NAME;OGRN;AdmArea\n"Школа № ${randomInt(1e6)}";"${ogrn}";"Округ"\n`).toString('base64');

const cases: Record<string, Case> = {
  createRegion: async (net) => ({
    query: ops.createRegion,
    variables: { input: { code: net.region.code, name: 'Повторный регион' } },
  }),
  createMunicipality: async (net) => ({
    query: ops.createMunicipality,
    variables: { input: build.municipality(net.region.id) },
  }),
  registerOrganization: async (net) => ({
    query: ops.register,
    variables: { input: build.school(net.home) },
  }),
  correctOrganization: async (_, school) => ({
    query: `mutation($input: CorrectOrganizationInput!) { correctOrganization(input: $input) { id } }`,
    variables: {
      input: {
        organizationId: school,
        address: `ул. Ленина, ${randomInt(1, 999)}`,
        reason: 'Уточнение адреса',
      },
    },
  }),
  issueOrder: async (_, school) => ({
    query: ops.issueOrder,
    variables: {
      input: {
        issuerId: school,
        kind: 'ORDER',
        number: `${randomInt(1, 1_000_000)}-${Date.now()}`,
        issuedOn: '2021-03-15',
        title: 'О назначении руководителя МСП',
      },
    },
  }),
  approveProgramme: async (net) => ({
    query: ops.approveProgramme,
    variables: {
      input: {
        ownerId: net.homeAuthority,
        name: `Программа ${randomInt(1e6)}`,
        startsOn: '2021-01-01',
        endsOn: '2023-05-31',
      },
    },
  }),
  assignStatus: async (net, school) => ({
    query: ops.assign,
    variables: { input: await trainingSiteInput(net, school) },
  }),
  endStatusEarly: async (net, school) => ({
    query: ops.endEarly,
    variables: {
      input: {
        statusId: await trainingSite(net, school),
        reason: 'UNFORESEEN_CIRCUMSTANCES',
        endingOrderId: await net.order(net.homeAuthority, '2022-03-15'),
      },
    },
  }),
  correctStatus: async (net, school) => ({
    query: ops.correct,
    variables: {
      input: { statusId: await trainingSite(net, school), theme: 'Исправленная тема', reason: 'Опечатка' },
    },
  }),
  appointSiteHead: async (net, school) => ({
    query: `mutation($input: AppointSiteHeadInput!) { appointSiteHead(input: $input) { id } }`,
    variables: {
      input: {
        statusId: await trainingSite(net, school),
        appointingOrderId: await net.order(school),
        fullName: 'Петрова Анна Ивановна',
      },
    },
  }),
  importOrganizations: async (net) => ({
    query: `mutation($input: ImportOrganizationsInput!) { importOrganizations(input: $input) { outcome } }`,
    variables: {
      input: {
        regionId: net.region.id,
        fileName: 'schools.csv',
        contentBase64: csv(build.school(net.home).ogrn),
        createMissingMunicipalities: true,
      },
    },
  }),
};

let registryUrl = '';

const trainingSiteInput = async (net: Network, school: string) => ({
  organizationId: school,
  kind: 'TRAINING_SITE',
  theme: 'Наставничество',
  grounds,
  programmeId: await net.programme(),
  assigningOrderId: await net.order(net.homeAuthority),
});

/** A training site of the school, assigned by the platform's operator (the default caller). */
async function trainingSite(net: Network, school: string): Promise<string> {
  const { assignStatus } = await graphqlOk(registryUrl, ops.assign, {
    input: await trainingSiteInput(net, school),
  });
  return assignStatus.id as string;
}

/** The caller: every role scoped to the own region / municipality / school (METHODOLOGIST: municipal centre). */
function principalFor(role: Role, net: Network, school: string): Principal {
  const subject = `matrix-${role.toLowerCase()}`;
  switch (role) {
    case 'PLATFORM_ADMIN':
      return { subject, role, regionCode: null };
    case 'REGION_ADMIN':
    case 'ANALYST':
      return { subject, role, regionCode: net.region.code };
    case 'METHODOLOGIST':
    case 'MUNICIPAL_OPERATOR':
      return { subject, role, regionCode: net.region.code, municipalityId: net.home };
    case 'SCHOOL_STAFF':
      return { subject, role, regionCode: net.region.code, municipalityId: net.home, organizationId: school };
  }
}

describe('access matrix: every role × every mutation × own and foreign scope (registry subgraph, real tokens)', () => {
  let registry: Awaited<ReturnType<typeof startTestRegistry>>;
  let own: Network;
  let foreign: Network;

  const rows = async () =>
    Number(
      (
        (await registry.service.dataSource.query(
          `select (select count(*) from organization) + (select count(*) from municipality) + (select count(*) from region)
                + (select count(*) from administrative_order) + (select count(*) from programme)
                + (select count(*) from status_assignment) + (select count(*) from person) + (select count(*) from outbox) as n`,
        )) as { n: string }[]
      )[0].n,
    );

  beforeAll(async () => {
    // The statuses of these cases run in 2021 (entered while current, so they can be ended early).
    registry = await startTestRegistry({ today: () => '2021-06-01' });
    registryUrl = registry.url;
    own = await createNetwork(registry.url);
    foreign = await createNetwork(registry.url);
  });

  afterAll(async () => {
    await registry?.stop();
  });

  const matrix = Object.keys(cases).flatMap((mutation) =>
    roles.flatMap((role) =>
      (['own', 'foreign'] as const).map((scope) => ({
        mutation,
        role,
        scope,
        allowed: scope === 'own' ? allowedInOwnScope[mutation].includes(role) : role === 'PLATFORM_ADMIN',
      })),
    ),
  );

  it('covers 11 mutations × 6 roles × 2 scopes', () => {
    expect(matrix).toHaveLength(11 * 6 * 2);
  });

  it.each(matrix)(
    '$mutation by $role in $scope scope → allowed: $allowed',
    async ({ mutation, role, scope, allowed }) => {
      const callerSchool = await own.school();
      const target = scope === 'own' ? own : foreign;
      const targetSchool = scope === 'own' ? callerSchool : await foreign.school();
      const request = await cases[mutation](target, targetSchool);
      if (mutation === 'createRegion' && allowed)
        request.variables.input = build.region({ code: String(randomInt(10, 100)) });
      const before = await rows();
      const result = await graphql(registry.url, request.query, request.variables, undefined, {
        as: principalFor(role, own, callerSchool),
      });
      const codes = (result.errors ?? []).map((error) => error.extensions?.code);
      if (allowed) {
        expect(codes).not.toContain('FORBIDDEN');
        if (mutation !== 'createRegion') expect(codes).toEqual([]);
      } else {
        expect(codes).toEqual(['FORBIDDEN']);
        expect(result.errors?.[0]?.message).toMatch(/[а-яё]/i);
        expect(await rows()).toBe(before);
      }
    },
  );

  it('a municipal operator cannot act in another municipality of its own region', async () => {
    const school = await own.organization(own.other);
    const result = await graphql(
      registry.url,
      ops.assign,
      (await cases.assignStatus(own, school)).variables,
      undefined,
      {
        as: {
          subject: 'operator',
          role: 'MUNICIPAL_OPERATOR',
          regionCode: own.region.code,
          municipalityId: own.home,
        },
      },
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(result.errors?.[0]?.message).toMatch(/другого муниципалитета/);
  });

  it('lists show the caller’s scope only; a filter naming another region is FORBIDDEN; analysts see no names', async () => {
    const query = `query($filter: OrganizationsFilter) { organizations(filter: $filter, first: 500) { totalCount edges { node { region { code } municipality { id } headName } } } }`;
    const school = await own.organization(own.home, { headName: 'Сидорова Е.В.' });
    const analyst = await graphql(
      registry.url,
      query,
      { filter: { regionId: foreign.region.id } },
      undefined,
      {
        as: { subject: 'analyst', role: 'ANALYST', regionCode: own.region.code },
      },
    );
    expect(analyst.data).toBeNull();
    expect(analyst.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', field: 'filter.regionId' });
    const regionWide = await graphql(registry.url, query, {}, undefined, {
      as: { subject: 'analyst', role: 'ANALYST', regionCode: own.region.code },
    });
    const edges = regionWide.data?.organizations.edges as {
      node: { region: { code: string }; headName: null };
    }[];
    expect(edges.every((e) => e.node.region.code === own.region.code)).toBe(true);
    // Names are personal data: each is null with FORBIDDEN on its own path, the rows stay.
    expect(edges.every((e) => e.node.headName === null)).toBe(true);
    expect(regionWide.errors).toHaveLength(edges.length);
    expect(
      regionWide.errors?.every((e) => e.extensions?.code === 'FORBIDDEN' && e.path?.at(-1) === 'headName'),
    ).toBe(true);
    const staff = await graphqlOk(registry.url, query, {}, undefined, {
      as: {
        subject: 'staff',
        role: 'SCHOOL_STAFF',
        regionCode: own.region.code,
        municipalityId: own.home,
        organizationId: school,
      },
    });
    expect(staff.organizations.totalCount).toBe(1);
    expect(staff.organizations.edges[0].node.headName).toBe('Сидорова Е.В.');
  });
});
