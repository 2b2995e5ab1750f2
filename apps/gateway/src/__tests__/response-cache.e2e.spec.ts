import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { ServiceProcess } from '@opora/provision';
import {
  build,
  eventually,
  graphql,
  graphqlOk,
  randomOgrn,
  runImportCli,
  testInfra,
  tokenFor,
} from '@opora/testing';

import type { RunningGateway } from '../gateway-server';
import { metricSum, scrape, startRegistryProcess, startTestGateway } from './support';

/**
 * The response cache through real Kafka: a repeated query is answered without the subgraph, and
 * every write — through the gateway, straight to the subgraph, from the import CLI — reaches the
 * cached reader within the event lag; one scope's answer is never served to another.
 */
describe('gateway: response cache invalidated by domain events', () => {
  let registry: ServiceProcess & { database: string };
  let gateway: RunningGateway;
  let dir: string;
  let analyst47: string;
  let analyst78: string;
  const region: Record<string, { regionId: string; municipalityId: string; municipality: string }> = {};
  const schools = `query Schools($m: UUID!) {
    organizations(filter: { municipalityId: $m }, first: 100) { totalCount edges { node { shortName } } }
  }`;
  const allSchools = '{ organizations(first: 100) { totalCount edges { node { shortName } } } }';

  const subgraphRequests = async () =>
    metricSum(await scrape(registry.baseUrl), 'opora_http_graphql_requests_total');
  const cacheMetric = async (name: string, labels: Record<string, string> = {}) =>
    metricSum(await scrape(gateway.url.replace(/\/graphql$/, '')), name, labels);
  const read = async (token: string, query = allSchools, variables?: Record<string, unknown>) => {
    const result = await graphql<{
      organizations: { totalCount: number; edges: { node: { shortName: string } }[] };
    }>(gateway.url, query, variables, {}, { token });
    expect(result.errors).toBeUndefined();
    return { ...result.data!.organizations, cache: result.headers.get('x-opora-cache') };
  };
  const registerSchool = (url: string, municipalityId: string, shortName: string) =>
    graphqlOk(url, 'mutation($i: RegisterOrganizationInput!) { registerOrganization(input: $i) { id } }', {
      i: build.school(municipalityId, { shortName }),
    });

  beforeAll(async () => {
    registry = await startRegistryProcess('gateway_cache');
    gateway = await startTestGateway({
      REGISTRY_URL: registry.graphqlUrl,
      KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
    });
    for (const code of ['47', '78']) {
      const { createRegion } = await graphqlOk(
        gateway.url,
        'mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }',
        { i: build.region({ code }) },
      );
      const municipality = `Район ${code}`;
      const { createMunicipality } = await graphqlOk(
        gateway.url,
        'mutation($i: CreateMunicipalityInput!) { createMunicipality(input: $i) { id } }',
        { i: build.municipality(createRegion.id, { name: municipality }) },
      );
      region[code] = { regionId: createRegion.id, municipalityId: createMunicipality.id, municipality };
      await registerSchool(gateway.url, createMunicipality.id, `Школа региона ${code}`);
    }
    analyst47 = await tokenFor({ subject: 'analyst-47', role: 'ANALYST', regionCode: '47' });
    analyst78 = await tokenFor({ subject: 'analyst-78', role: 'ANALYST', regionCode: '78' });
    dir = mkdtempSync(join(tmpdir(), 'opora-gateway-cache-'));
    // The consumer joins its group a few seconds after start; until then the cache is bypassed.
    await eventually(async () => (await read(analyst47)).cache !== 'bypass', 60_000, 'кэш включился');
  }, 180_000);

  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await gateway?.stop();
    await registry?.stop();
  });

  it('answers a repeated query from the cache without calling the subgraph', async () => {
    const variables = { m: region['47'].municipalityId };
    const first = await read(analyst47, schools, variables);
    const before = await subgraphRequests();
    const hitsBefore = await cacheMetric('opora_gateway_cache_requests_total', { outcome: 'hit' });
    const again = await read(analyst47, schools, variables);
    expect(again).toEqual({ ...first, cache: 'hit' });
    expect(await subgraphRequests()).toBe(before);
    expect(await cacheMetric('opora_gateway_cache_requests_total', { outcome: 'hit' })).toBe(hitsBefore + 1);
    expect(await cacheMetric('opora_gateway_cache_bytes')).toBeGreaterThan(0);
  });

  it("never serves one scope's cached answer to another: each analyst sees only their region", async () => {
    await read(analyst47);
    const own47 = await read(analyst47);
    const own78 = await read(analyst78);
    const again78 = await read(analyst78);
    expect(own47.cache).toBe('hit');
    expect(own78.edges.map((e) => e.node.shortName)).toEqual(['Школа региона 78']);
    expect(again78.edges.map((e) => e.node.shortName)).toEqual(['Школа региона 78']);
    expect(own47.edges.map((e) => e.node.shortName)).not.toContain('Школа региона 78');
    // A school's staff see their own organization only, though they ask the same query.
    const staff = await tokenFor({
      subject: 'staff-47',
      role: 'MUNICIPAL_OPERATOR',
      regionCode: '47',
      municipalityId: region['47'].municipalityId,
    });
    expect((await read(staff)).cache).toBe('miss');
  });

  it.each([
    ['through the gateway', () => gateway.url],
    ['straight to the registry (as a service or consumer would)', () => registry.graphqlUrl],
  ])('reads a school registered %s back through the cache within the event lag', async (_path, urlOf) => {
    const before = await read(analyst47);
    expect((await read(analyst47)).cache).toBe('hit');
    const name = `Новая школа ${randomOgrn().slice(-6)}`;
    await registerSchool(urlOf(), region['47'].municipalityId, name);
    const after = await eventually(async () => {
      const now = await read(analyst47);
      return now.totalCount === before.totalCount + 1 && now;
    });
    expect(after.edges.map((e) => e.node.shortName)).toContain(name);
    // Region 78's cached answer was not touched by region 47's event.
    expect((await read(analyst78)).cache).toBe('hit');
  });

  it('reads schools imported by the command-line import back through the cache', async () => {
    const before = await read(analyst47);
    expect((await read(analyst47)).cache).toBe('hit');
    const file = join(dir, 'школы.csv');
    writeFileSync(
      file,
      `ОГРН;Полное наименование;Краткое наименование;Муниципальное образование\n${randomOgrn()};Школа из файла;Школа из файла;${region['47'].municipality}\n`,
    );
    const { code } = await runImportCli(['--file', file, '--region', '47'], registry.database);
    expect(code).toBe(0);
    const after = await eventually(async () => {
      const now = await read(analyst47);
      return now.totalCount === before.totalCount + 1 && now;
    });
    expect(after.edges.map((e) => e.node.shortName)).toContain('Школа из файла');
  });
});
