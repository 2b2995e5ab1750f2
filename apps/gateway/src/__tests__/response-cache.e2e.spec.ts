import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { topicOf } from '@opora/event-contracts';
import type { DomainEvent } from '@opora/event-contracts';
import { createIdempotentProducer, encodeEvent } from '@opora/messaging';
import type { ServiceProcess } from '@opora/provision';
import {
  build,
  eventually,
  graphql,
  graphqlOk,
  randomOgrn,
  runImportCli,
  testInfra,
  testKafka,
  tokenFor,
} from '@opora/testing';

import type { RunningGateway } from '../gateway-server';
import {
  metricSum,
  scrape,
  startRegistryProcess,
  startRegistrySchedulerInstance,
  startTestGateway,
} from './support';

/**
 * The response cache through real Kafka: a repeated query is answered without the subgraph, and
 * every write — through the gateway, straight to the subgraph, from the import CLI, by the
 * registry's consumer of another service's events, by its scheduler — reaches the cached reader
 * within the event lag; one scope's answer is never served to another.
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

  describe('a status and the aggregates it feeds', () => {
    const register = (input: Record<string, unknown>) =>
      graphqlOk<{ registerOrganization: { id: string } }>(
        gateway.url,
        'mutation($i: RegisterOrganizationInput!) { registerOrganization(input: $i) { id } }',
        { i: input },
      ).then((r) => r.registerOrganization.id);
    const leaderView = `query Leader($id: UUID!, $m: UUID!) {
      organization(id: $id) { id statusHistory { id kind state endReason } }
      municipality(id: $m) { id statusCounts(activeOn: "2022-03-01") { kind organizations } }
    }`;
    type LeaderView = {
      organization: { statusHistory: { kind: string; state: string; endReason: string | null }[] };
      municipality: { statusCounts: { kind: string; organizations: number }[] };
    };
    const readLeader = async (id: string) => {
      const result = await graphql<LeaderView>(
        gateway.url,
        leaderView,
        { id, m: region['47'].municipalityId },
        {},
        { token: analyst47 },
      );
      expect(result.errors).toBeUndefined();
      return { ...result.data!, cache: result.headers.get('x-opora-cache') };
    };
    const leaders = (view: LeaderView) =>
      view.municipality.statusCounts.find((c) => c.kind === 'LEADER_SCHOOL')?.organizations ?? 0;
    const issueLeaderOrder = async (municipalityId: string) => {
      const authority = await register(
        build.school(municipalityId, {
          kind: 'EDUCATION_AUTHORITY',
          authorityLevel: 'MUNICIPAL',
          fullName: `Комитет образования ${randomOgrn().slice(-6)}`,
        }),
      );
      const { issueOrder } = await graphqlOk<{ issueOrder: { id: string } }>(
        gateway.url,
        'mutation($i: IssueOrderInput!) { issueOrder(input: $i) { id } }',
        {
          i: {
            issuerId: authority,
            kind: 'DIRECTIVE',
            number: `${randomOgrn().slice(-5)}-р`,
            issuedOn: '2021-08-20',
            title: 'О школах-лидерах',
          },
        },
      );
      return issueOrder.id;
    };
    const assignLeader = (school: string, orderId: string, validTo?: string) =>
      graphqlOk(gateway.url, 'mutation($i: AssignStatusInput!) { assignStatus(input: $i) { id } }', {
        i: {
          organizationId: school,
          kind: 'LEADER_SCHOOL',
          theme: 'Методическая поддержка ШНОР',
          grounds: ['Наиболее высокие результаты ГИА (002 §1.3)'],
          assigningOrderId: orderId,
          validFrom: '2021-09-01',
          ...(validTo && { validTo }),
        },
      });

    it("002 §4.3: a leader status ended by the registry's consumer of the agreements service's events is read back ended, and the municipality's counts with it", async () => {
      const municipalityId = region['47'].municipalityId;
      const orderId = await issueLeaderOrder(municipalityId);
      const school = await register(build.school(municipalityId));
      const countedBefore = leaders(await readLeader(school));
      await assignLeader(school, orderId);
      // The assignment itself is read back fresh: the history and the municipality's count.
      const assigned = await eventually(async () => {
        const view = await readLeader(school);
        return view.organization.statusHistory.length === 1 && view;
      });
      expect(assigned.organization.statusHistory[0]).toMatchObject({
        kind: 'LEADER_SCHOOL',
        state: 'ACTIVE',
      });
      expect(leaders(assigned)).toBe(countedBefore + 1);
      // Cached once the assignment's events have all arrived.
      await eventually(async () => (await readLeader(school)).cache === 'hit', 30_000, 'ответ в кэше');

      // The agreements service (here: its events on its topic) concludes and ends the agreement;
      // the registry's consumer ends the status — no request reaches the gateway or the registry.
      const agreementId = randomUUID();
      const envelope = (type: DomainEvent['type'], data: unknown) =>
        ({
          id: randomUUID(),
          type,
          version: 1,
          occurredAt: new Date().toISOString(),
          source: 'agreements',
          subject: agreementId,
          regionCode: '47',
          data,
        }) as DomainEvent;
      const producer = createIdempotentProducer(testKafka());
      await producer.connect();
      for (const event of [
        envelope('agreements.agreement.concluded', {
          agreementId,
          leaderOrganizationId: school,
          partnerOrganizationId: await register(build.school(municipalityId)),
          municipalityId,
          validFrom: '2021-10-01',
          validTo: null,
        }),
        envelope('agreements.agreement.ended', {
          agreementId,
          leaderOrganizationId: school,
          endedOn: '2022-01-01',
        }),
      ])
        await producer.send({
          topic: topicOf('agreements'),
          messages: [{ key: agreementId, value: encodeEvent(event) }],
        });
      await producer.disconnect();
      const ended = await eventually(
        async () => {
          const view = await readLeader(school);
          return view.organization.statusHistory[0]?.state === 'ENDED' && view;
        },
        60_000,
        'статус школы-лидера прекращён и прочитан через кэш',
      );
      expect(ended.organization.statusHistory[0]).toMatchObject({
        state: 'ENDED',
        endReason: 'AGREEMENT_ENDED',
      });
      // Held until 2021-12-31: on 2022-03-01 the municipality counts one leader less again.
      expect(leaders(ended)).toBe(countedBefore);
    });

    it("000 §4.4: a status whose period has run out, ended by a registry instance's scheduler, is read back ended through the cache", async () => {
      const municipalityId = region['47'].municipalityId;
      const school = await register(build.school(municipalityId));
      await assignLeader(school, await issueLeaderOrder(municipalityId), '2027-05-31');
      const cached = await eventually(
        async () => {
          const view = await readLeader(school);
          return view.cache === 'hit' && view.organization.statusHistory[0]?.state === 'ACTIVE' && view;
        },
        30_000,
        'действующий статус в кэше',
      );
      // The day after the period's last one comes: the scheduler of another instance ends the
      // status and announces it; no request reaches the gateway or a registry.
      const scheduler = await startRegistrySchedulerInstance(registry, '2027-06-01');
      try {
        const ended = await eventually(
          async () => {
            const view = await readLeader(school);
            return view.organization.statusHistory[0]?.state === 'ENDED' && view;
          },
          30_000,
          'статус прекращён планировщиком и прочитан через кэш',
        );
        expect(ended.organization.statusHistory[0]).toMatchObject({ state: 'ENDED', endReason: 'PERIOD_EXPIRED' });
        // Held through 2027-05-31: on 2022-03-01 it is still counted.
        expect(leaders(ended)).toBe(leaders(cached));
      } finally {
        await scheduler.stop();
      }
    });
  });
});
