import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';

import { signToken } from '@opora/auth';
import { topicOf } from '@opora/event-contracts';
import type { ServiceProcess } from '@opora/provision';
import { build, graphql, graphqlOk, readTopicUntil, tokenFor } from '@opora/testing';

import type { RunningGateway } from '../gateway-server';
import { metricSum, scrape, startRegistryProcess, startTestGateway } from './support';

/**
 * The gateway as the only door: tokens (missing, expired, forged), hostile operations (depth,
 * aliases, tokens, directives, cost, size, batching, CSRF, malformed persisted-query hashes) get
 * their code and status and never reach the subgraph, which refuses direct calls without a token
 * too; the request id reaches Kafka; both apps expose their metrics.
 */
describe('gateway: authentication, protection, metrics', () => {
  let registry: ServiceProcess;
  let gateway: RunningGateway;
  let analyst: string;

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${analyst}`, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const subgraphRequests = async () =>
    metricSum(await scrape(registry.baseUrl), 'opora_http_graphql_requests_total');

  beforeAll(async () => {
    registry = await startRegistryProcess('gateway_security');
    gateway = await startTestGateway({ REGISTRY_URL: registry.graphqlUrl });
    analyst = await tokenFor({ subject: 'analyst', role: 'ANALYST', regionCode: '47' });
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await registry?.stop();
  });

  describe('authentication', () => {
    const query = '{ regions { code } }';

    it('answers an authenticated request and passes the token on to the subgraph', async () => {
      const result = await graphql(gateway.url, query, undefined, {}, { token: analyst });
      expect(result.status).toBe(200);
      expect(result.errors).toBeUndefined();
    });

    it.each([
      ['no token', async () => null, /Нужен токен/],
      [
        'an expired token',
        async () =>
          tokenFor(
            { subject: 'a', role: 'ANALYST', regionCode: '47' },
            { issuedAt: Math.floor(Date.now() / 1000) - 7200, expiresInSec: 60 },
          ),
        /истёк/,
      ],
      [
        'a forged token (signed by another key)',
        async () =>
          signToken(
            { subject: 'a', role: 'REGION_ADMIN', regionCode: '47' },
            {
              privateKeyPem: generateKeyPairSync('ec', { namedCurve: 'P-256' })
                .privateKey.export({ type: 'pkcs8', format: 'pem' })
                .toString(),
              issuer: 'opora-dev',
              audience: 'opora-api',
            },
          ),
        /Подпись/,
      ],
      ['garbage', async () => 'not.a.token', /не читается|Bearer/],
    ])(
      'refuses %s with 401 UNAUTHENTICATED, and nothing reaches the subgraph',
      async (_what, token, message) => {
        const before = await subgraphRequests();
        const result = await graphql(gateway.url, query, undefined, {}, { token: await token() });
        expect(result.status).toBe(401);
        expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
        expect(result.errors?.[0].message).toMatch(message);
        expect(result.headers.get('www-authenticate')).toBe('Bearer');
        expect(await subgraphRequests()).toBe(before);
      },
    );

    it('a subgraph called directly without a valid token answers 401; health, readiness and metrics stay open', async () => {
      const anonymous = await graphql(registry.graphqlUrl, query, undefined, {}, { token: null });
      expect(anonymous.status).toBe(401);
      expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      const withToken = await graphql(registry.graphqlUrl, query, undefined, {}, { token: analyst });
      expect(withToken.status).toBe(200);
      for (const path of ['/healthz', '/readyz', '/metrics'])
        expect((await fetch(`${registry.baseUrl}${path}`)).status).toBe(200);
    });

    it('answers introspection to a holder of a valid token', async () => {
      const result = await graphql(
        gateway.url,
        '{ __schema { queryType { name } } }',
        undefined,
        {},
        { token: analyst },
      );
      expect(result.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    });
  });

  describe('hostile operations are refused at the gateway', () => {
    const deep = (n: number) =>
      `{ regions ${'{ municipalities { region '.repeat(n / 2)}{ code }${' } }'.repeat(n / 2)} }`;
    const aliases = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const deepAliases = (n: number, depth: string) =>
      `{ ${Array.from({ length: n }, (_, i) => `r${i}: regions ${depth}`).join(' ')} }`;
    // Within depth and alias limits, but a fan-out: every status of 500 organizations, every
    // status of each status's order, each with its organization (armor's cost ≈ 75,000).
    const costly =
      '{ organizations(first: 500) { edges { node { statusHistory { assigningOrder { assignedStatuses { organization { id fullName shortName inn ogrn } } } } } } } }';
    const cases: [string, number, string, () => Promise<Response>][] = [
      ['a 1,000-deep query', 400, 'QUERY_TOO_DEEP', () => post({ query: deep(1000) })],
      ['10,000 aliases', 400, 'TOO_MANY_TOKENS', () => post({ query: aliases(10_000) })],
      ['20 aliases', 400, 'TOO_MANY_ALIASES', () => post({ query: deepAliases(20, '{ code }') })],
      [
        '50 directives',
        400,
        'TOO_MANY_DIRECTIVES',
        () => post({ query: `{ regions { code ${'@include(if: true) '.repeat(50)} } }` }),
      ],
      ['a costly query', 400, 'QUERY_TOO_COSTLY', () => post({ query: costly })],
      [
        'a 5 MB body',
        413,
        'PAYLOAD_TOO_LARGE',
        () => post({ query: '{ regions { code } }', variables: { pad: 'x'.repeat(5 * 1024 * 1024) } }),
      ],
      [
        'a malformed persisted-query hash',
        400,
        'PERSISTED_QUERY_HASH_MISMATCH',
        () =>
          post({
            query: '{ regions { code } }',
            extensions: { persistedQuery: { version: 1, sha256Hash: 'не-хэш' } },
          }),
      ],
      [
        'a batch of operations',
        400,
        'BATCHING_DISABLED',
        () => post([{ query: '{ regions { code } }' }, { query: '{ regions { name } }' }]),
      ],
      [
        'a cross-site GET without a preflight header (CSRF)',
        400,
        'CSRF_BLOCKED',
        () =>
          fetch(`${gateway.url}?query=${encodeURIComponent('{ regions { code } }')}`, {
            headers: { authorization: `Bearer ${analyst}` },
          }),
      ],
    ];

    it.each(cases)(
      '%s → %s %s, in Russian, and the subgraph is not called',
      async (_what, status, code, send) => {
        const before = await subgraphRequests();
        const response = await send();
        const body = (await response.json()) as {
          errors: { message: string; extensions: { code: string } }[];
        };
        // Several limits may be exceeded at once (a 1,000-deep query is also too costly): the
        // one the README names comes first.
        expect({ status: response.status, first: body.errors?.[0]?.extensions?.code }).toEqual({
          status,
          first: code,
        });
        expect(body.errors[0].message).toMatch(/[а-яё]/i);
        expect(await subgraphRequests()).toBe(before);
      },
    );

    it('serves automatic persisted queries: unknown hash, then registered, then by hash alone', async () => {
      const query = `{ regions { code name } }`;
      const sha256Hash = createHash('sha256').update(query).digest('hex');
      const persistedQuery = { version: 1, sha256Hash };
      const first = (await (await post({ extensions: { persistedQuery } })).json()) as any;
      expect(first.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      const registered = (await (await post({ query, extensions: { persistedQuery } })).json()) as any;
      expect(registered.errors).toBeUndefined();
      const byHash = (await (await post({ extensions: { persistedQuery } })).json()) as any;
      expect(byHash).toEqual(registered);
    });
  });

  it('carries the request id to the subgraph and into the Kafka event headers', async () => {
    const requestId = `e2e-${randomUUID()}`;
    const { createRegion } = await graphqlOk(
      gateway.url,
      `mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }`,
      { i: build.region() },
      { 'x-request-id': requestId },
    );
    const messages = await readTopicUntil(topicOf('registry'), (seen) =>
      seen.some((m) => m.key?.toString() === createRegion.id),
    );
    const message = messages.find((m) => m.key?.toString() === createRegion.id)!;
    expect(message.headers?.['x-request-id']?.toString()).toBe(requestId);
  });

  it('exposes Prometheus metrics: operations, latency, errors by code, subgraph latency, outbox backlog', async () => {
    await graphqlOk(
      gateway.url,
      'query RegionsForMetrics { regions { code } }',
      undefined,
      {},
      { token: analyst },
    );
    const gatewayMetrics = await scrape(gateway.url.replace(/\/graphql$/, ''));
    expect(
      metricSum(gatewayMetrics, 'opora_graphql_operations_total', { operation: 'RegionsForMetrics' }),
    ).toBe(1);
    expect(
      metricSum(gatewayMetrics, 'opora_graphql_operation_duration_seconds_count', {
        operation: 'RegionsForMetrics',
      }),
    ).toBe(1);
    expect(
      metricSum(gatewayMetrics, 'opora_graphql_operation_duration_seconds_sum', {
        operation: 'RegionsForMetrics',
      }),
    ).toBeGreaterThan(0);
    expect(
      metricSum(gatewayMetrics, 'opora_graphql_errors_total', { code: 'UNAUTHENTICATED' }),
    ).toBeGreaterThanOrEqual(4);
    expect(
      metricSum(gatewayMetrics, 'opora_graphql_errors_total', { code: 'QUERY_TOO_DEEP' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      metricSum(gatewayMetrics, 'opora_subgraph_request_duration_seconds_count', {
        subgraph: 'registry',
        outcome: '200',
      }),
    ).toBeGreaterThanOrEqual(1);
    const registryMetrics = await scrape(registry.baseUrl);
    // The query planner names the subgraph's operation after the client's.
    expect(registryMetrics).toMatch(
      /^opora_graphql_operations_total\{[^}]*operation="RegionsForMetrics[^"]*"[^}]*\} 1$/m,
    );
    expect(registryMetrics).toMatch(/^opora_outbox_backlog\{service="registry"\} \d+$/m);
    expect(registryMetrics).toMatch(/^process_cpu_user_seconds_total/m);
  });
});
