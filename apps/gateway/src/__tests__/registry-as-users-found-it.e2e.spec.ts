import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import type { TypePolicies } from '@apollo/client';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { Kind, OperationTypeNode, parse, validate } from 'graphql';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { httpExecute, loadSeedDocument, pavlovskyOrder129, priozerskyDirective364 } from '@opora/demo-data';
import type { LoadedDocument } from '@opora/demo-data';
import { freePort, startServiceProcess, workspaceRoot } from '@opora/provision';
import type { ServiceProcess } from '@opora/provision';
import { graphql, platformAdminToken, tokenFor } from '@opora/testing';

import { startRegistryProcess } from './support';

const analyst47 = { as: { subject: 'analyst-47', role: 'ANALYST' as const, regionCode: '47' } };

/**
 * The registry tried end to end through the gateway as its users found it (issue #9): an analyst
 * of region 47 reading the seed documents' records.
 */
describe('the registry as users found it (registry and gateway processes)', () => {
  let registry: ServiceProcess;
  let gateway: ServiceProcess;
  let priozersky: LoadedDocument;
  let pavlovsky: LoadedDocument;

  beforeAll(async () => {
    registry = await startRegistryProcess('e2e_users');
    gateway = await startServiceProcess({
      name: 'gateway',
      entry: 'apps/gateway/src/main.ts',
      port: await freePort(),
      env: { REGISTRY_URL: registry.graphqlUrl, HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    });
    const execute = httpExecute(gateway.graphqlUrl, {
      authorization: `Bearer ${await platformAdminToken()}`,
    });
    priozersky = await loadSeedDocument(execute, priozerskyDirective364);
    pavlovsky = await loadSeedDocument(execute, pavlovskyOrder129);
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await registry?.stop();
  });

  const asAnalyst = (query: string, variables: Record<string, unknown> = {}) =>
    graphql(gateway.graphqlUrl, query, variables, undefined, analyst47);

  describe('point 2: a field the caller may not read is null with FORBIDDEN on its path, the record stays', () => {
    it('organization with its auditTrail and headName: the record comes back, the two fields are null with errors', async () => {
      const answer = await asAnalyst(
        `query($id: UUID!) { organization(id: $id) { id shortName headName auditTrail(first: 5) { totalCount } } }`,
        { id: priozersky.organizations.school4 },
      );
      expect(answer.data?.organization).toEqual({
        id: priozersky.organizations.school4,
        shortName: 'МОУ «СОШ № 4»',
        headName: null,
        auditTrail: null,
      });
      const forbidden = (answer.errors ?? []).map((e) => ({ path: e.path, code: e.extensions?.code }));
      expect(forbidden).toEqual(
        expect.arrayContaining([
          { path: ['organization', 'headName'], code: 'FORBIDDEN' },
          { path: ['organization', 'auditTrail'], code: 'FORBIDDEN' },
        ]),
      );
      expect(answer.errors).toHaveLength(2);
      expect(answer.errors?.[0].message).toMatch(/[А-Яа-я]/);
    });

    it('a status with its head: the status comes back, head is null with FORBIDDEN', async () => {
      const answer = await asAnalyst(
        `query($id: UUID!) { organization(id: $id) { id statusHistory { id kind head { fullName } } } }`,
        { id: priozersky.organizations.school4 },
      );
      const history = answer.data?.organization.statusHistory as { kind: string; head: null }[];
      expect(history).toEqual([expect.objectContaining({ kind: 'TRAINING_SITE', head: null })]);
      expect(answer.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([
        ['organization.statusHistory.0.head', 'FORBIDDEN'],
      ]);
    });

    it('statusCounts of another municipality for a municipal operator: null with FORBIDDEN, the region’s list stays', async () => {
      const operator = {
        as: {
          subject: 'operator-47',
          role: 'MUNICIPAL_OPERATOR' as const,
          regionCode: '47',
          municipalityId: '00000000-0000-4000-8000-000000000047',
        },
      };
      const answer = await graphql(
        gateway.graphqlUrl,
        `
          query ($id: UUID!) {
            region(id: $id) {
              id
              municipalities {
                id
                name
                statusCounts {
                  kind
                  organizations
                }
              }
            }
          }
        `,
        { id: priozersky.regionId },
        undefined,
        operator,
      );
      expect(answer.data?.region.municipalities).toEqual([
        { id: priozersky.municipalityId, name: expect.any(String), statusCounts: null },
      ]);
      expect(answer.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([
        ['region.municipalities.0.statusCounts', 'FORBIDDEN'],
      ]);
    });
  });

  describe('point 3: asking explicitly for another region’s data is FORBIDDEN everywhere', () => {
    const refusals = [
      {
        what: 'organizations(filter: {regionId})',
        query: `query($id: UUID!) { organizations(filter: { regionId: $id }) { totalCount } }`,
        variables: () => ({ id: pavlovsky.regionId }),
        field: 'filter.regionId',
      },
      {
        what: 'organizations(filter: {municipalityId})',
        query: `query($id: UUID!) { organizations(filter: { municipalityId: $id }) { totalCount } }`,
        variables: () => ({ id: pavlovsky.municipalityId }),
        field: 'filter.municipalityId',
      },
      {
        what: 'orders(filter: {regionId})',
        query: `query($id: UUID!) { orders(filter: { regionId: $id }) { totalCount } }`,
        variables: () => ({ id: pavlovsky.regionId }),
        field: 'filter.regionId',
      },
      {
        what: 'orders(filter: {issuerId})',
        query: `query($id: UUID!) { orders(filter: { issuerId: $id }) { totalCount } }`,
        variables: () => ({ id: Object.values(pavlovsky.organizations)[0] }),
        field: 'filter.issuerId',
      },
      {
        what: 'programmes(regionId)',
        query: `query($id: UUID!) { programmes(regionId: $id) { id } }`,
        variables: () => ({ id: pavlovsky.regionId }),
        field: 'regionId',
      },
    ];

    it.each(refusals)('$what of region 23 for an analyst of 47: FORBIDDEN naming the filter', async (c) => {
      const answer = await asAnalyst(c.query, c.variables());
      expect(answer.data ?? null).toBeNull();
      expect(answer.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: c.field });
      expect(answer.errors?.[0].message).toMatch(/другого региона \(23\)/);
    });

    it('the same lists for the analyst’s own region answer, and lists without a filter stay silently scoped', async () => {
      const own = await asAnalyst(
        `query($id: UUID!) { organizations(filter: { regionId: $id }) { totalCount } orders(filter: { regionId: $id }) { totalCount } }`,
        { id: priozersky.regionId },
      );
      expect(own.errors).toBeUndefined();
      expect(own.data?.organizations.totalCount).toBeGreaterThan(0);
      const unfiltered = await asAnalyst(
        `{ organizations(first: 100) { edges { node { region { code } } } } orders(first: 100) { totalCount } }`,
      );
      expect(unfiltered.errors).toBeUndefined();
      const codes = new Set(
        unfiltered.data?.organizations.edges.map(
          (e: { node: { region: { code: string } } }) => e.node.region.code,
        ),
      );
      expect([...codes]).toEqual(['47']);
    });
  });

  describe('point 4: Russian, coded errors for GraphQL’s own refusals', () => {
    const asAdmin = (query: string, variables: Record<string, unknown> = {}) =>
      graphql(gateway.graphqlUrl, query, variables);
    const noEnglish = (message: string | undefined) =>
      expect(message).not.toMatch(/Variable|Value|Expected|does not exist|not valid|found/);

    it('an unknown enum value in a variable: BAD_USER_INPUT at input.reason, in Russian', async () => {
      const answer = await asAdmin(
        `mutation($input: EndStatusEarlyInput!) { endStatusEarly(input: $input) { id } }`,
        {
          input: {
            statusId: '00000000-0000-4000-8000-000000000001',
            endingOrderId: '00000000-0000-4000-8000-000000000002',
            reason: 'BORED',
          },
        },
      );
      expect(answer.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
      expect(answer.errors?.[0].message).toMatch(
        /поля input\.reason: значения «BORED» нет в перечне StatusEndReason/,
      );
      noEnglish(answer.errors?.[0].message);
    });

    it('a bad date written inline: the input field’s path and a Russian message', async () => {
      const answer = await asAdmin(
        `mutation { issueOrder(input: { issuerId: "${priozersky.organizations.school4}", kind: ORDER, number: "1", issuedOn: "2021-13-45", title: "Приказ" }) { id } }`,
      );
      expect(answer.errors?.[0].extensions).toMatchObject({ field: 'input.issuedOn' });
      expect(answer.errors?.[0].message).toMatch(/input\.issuedOn: ожидается дата ГГГГ-ММ-ДД/);
      noEnglish(answer.errors?.[0].message);
    });

    it('an unknown enum value inline and a missing required field: each named, in Russian', async () => {
      const inline = await asAdmin(
        `mutation { endStatusEarly(input: { statusId: "00000000-0000-4000-8000-000000000001", endingOrderId: "00000000-0000-4000-8000-000000000002", reason: BORED }) { id } }`,
      );
      expect(inline.errors?.[0].extensions).toMatchObject({
        code: 'GRAPHQL_VALIDATION_FAILED',
        field: 'input.reason',
      });
      noEnglish(inline.errors?.[0].message);
      const missing = await asAdmin(`query($id: UUID!) { organization(id: $id) { id } }`);
      expect(missing.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
      expect(missing.errors?.[0].message).toMatch(/обязательное значение не задано/);
      // A required field missing inside an input object is named by its own path.
      const missingInline = await asAdmin(
        `mutation { issueOrder(input: { issuerId: "${priozersky.organizations.school4}", kind: ORDER, number: "1", title: "Приказ" }) { id } }`,
      );
      expect(missingInline.errors?.[0].extensions).toMatchObject({
        code: 'GRAPHQL_VALIDATION_FAILED',
        field: 'input.issuedOn',
      });
      expect(missingInline.errors?.[0].message).toMatch(
        /поля input\.issuedOn: обязательное значение не задано/,
      );
      const missingInVariable = await asAdmin(
        `mutation($input: IssueOrderInput!) { issueOrder(input: $input) { id } }`,
        {
          input: { issuerId: priozersky.organizations.school4, kind: 'ORDER', number: '1', title: 'Приказ' },
        },
      );
      expect(missingInVariable.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.issuedOn',
      });
      noEnglish(missingInVariable.errors?.[0].message);
    });

    it('a body over the size limit names the limit and what to do', async () => {
      const response = await fetch(gateway.graphqlUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await platformAdminToken()}`,
        },
        body: JSON.stringify({ query: `{ __typename }`, variables: { pad: 'я'.repeat(1_100_000) } }),
      });
      expect(response.status).toBe(413);
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
      expect(body.errors[0].message).toMatch(
        /не более 1048576 байт \(1\.0 МБ\).*npm run import:organizations/,
      );
    });
  });

  describe('point 5: the documented examples through Apollo Client with InMemoryCache', () => {
    /** The type policies the README's "How to query" recommends: lookups by id read the cache. */
    const byId = (typename: string) => ({
      read: (existing: unknown, { args, toReference }: any) =>
        existing ?? (args?.id ? toReference({ __typename: typename, id: args.id }) : undefined),
    });
    const typePolicies: TypePolicies = {
      Query: {
        fields: {
          region: byId('Region'),
          municipality: byId('Municipality'),
          organization: byId('Organization'),
          order: byId('AdministrativeOrder'),
          programme: byId('Programme'),
          status: byId('StatusAssignment'),
        },
      },
    };

    /** The registry's own schema, as the running registry describes itself (`_service { sdl }`). */
    async function registrySchema(): Promise<GraphQLSchema> {
      const { data } = await graphql<{ _service: { sdl: string } }>(
        registry.graphqlUrl,
        '{ _service { sdl } }',
        {},
        {},
        { token: await platformAdminToken() },
      );
      return buildSubgraphSchema(parse(data!._service.sdl));
    }

    /**
     * Every query of docs/operations that the registry alone answers (only the registry and the
     * gateway run here; the other subgraphs' examples are run by their own specs), one document
     * each, with the variables a user would give.
     */
    async function exampleQueries(): Promise<{ name: string; query: DocumentNode }[]> {
      const dir = join(workspaceRoot(), 'docs/operations');
      const schema = await registrySchema();
      return readdirSync(dir)
        .filter((file) => file.endsWith('.graphql'))
        .flatMap((file) => parse(readFileSync(join(dir, file), 'utf8')).definitions)
        .filter(
          (d): d is OperationDefinitionNode =>
            d.kind === Kind.OPERATION_DEFINITION &&
            d.operation === OperationTypeNode.QUERY &&
            validate(schema, { kind: Kind.DOCUMENT, definitions: [d] }).length === 0,
        )
        .map((d) => ({
          name: (d as { name?: { value: string } }).name?.value ?? '',
          query: { kind: Kind.DOCUMENT, definitions: [d] } as DocumentNode,
        }));
    }

    it('every entity is normalised: a second run is served from the cache, with no warnings', async () => {
      const variables: Record<string, Record<string, unknown>> = {
        OrganizationCard: { id: priozersky.organizations.school4 },
        CompareMunicipalities: { code: '47', date: '2022-09-01' },
        SchoolStatusHistory: { search: 'сош 4' },
        SchoolsHoldingStatusOnDate: { municipalityId: priozersky.municipalityId },
        OrderAndDecisions: { id: priozersky.orders['364-р'] },
        TrainingSiteReport: { search: 'сош 4', date: '2022-09-01' },
      };
      const token = await tokenFor({ subject: 'official-47', role: 'REGION_ADMIN', regionCode: '47' });
      let requests = 0;
      const client = new ApolloClient({
        link: new HttpLink({
          uri: gateway.graphqlUrl,
          headers: { authorization: `Bearer ${token}` },
          fetch: (input, init) => {
            requests += 1;
            return fetch(input, init);
          },
        }),
        cache: new InMemoryCache({ typePolicies }),
      });
      const warnings: unknown[] = [];
      const warn = jest.spyOn(console, 'warn').mockImplementation((...args) => warnings.push(args));
      const error = jest.spyOn(console, 'error').mockImplementation((...args) => warnings.push(args));
      try {
        const queries = await exampleQueries();
        expect(queries.map((q) => q.name)).toEqual(expect.arrayContaining(Object.keys(variables)));
        const run = async () => {
          for (const { name, query } of queries) {
            const result = await client.query({ query, variables: variables[name] ?? {} });
            expect({ name, error: result.error?.message }).toEqual({ name, error: undefined });
          }
        };
        await run();
        const firstRun = requests;
        expect(firstRun).toBe(queries.length);
        await run();
        expect(requests - firstRun).toBe(0);
        // A lookup by id that an earlier list already brought is read from the cache too.
        const card = client.readQuery({
          query: queries.find((q) => q.name === 'OrganizationCard')!.query,
          variables: variables.OrganizationCard,
        }) as { organization: { shortName: string } } | null;
        expect(card?.organization.shortName).toBe('МОУ «СОШ № 4»');
      } finally {
        warn.mockRestore();
        error.mockRestore();
        client.stop();
      }
      expect(warnings).toEqual([]);
    });
  });
});
