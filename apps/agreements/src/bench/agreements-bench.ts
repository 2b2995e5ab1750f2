/**
 * Benchmark of the agreements service (issue 10's figures):
 *  1. `Organization.agreements` for 1,000 organizations in one gateway request (a municipality's
 *     organizations from the registry, their agreements from this service): SQL statements of the
 *     agreements subgraph per request, p50/p95;
 *  2. lag from a registry status change (assignStatus answered) to the row in the agreements
 *     service's projection: p50/p95;
 *  3. from an agreement's termination (terminateAgreement answered) to the leader status ended in
 *     the registry (AGREEMENT_ENDED): p50/p95.
 *
 *   npm run bench:agreements -- [requests=50] [changes=40]
 *
 * Uses the local PostgreSQL and a Kafka broker started for the run; the gateway's response cache is
 * off (every request reaches the subgraphs). Prints figures; asserts nothing.
 */
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return -- a measuring script reads the answers it asked for loosely */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { devAudience, devIssuer, ensureDevKeys, readPem, signToken } from '@opora/auth';
import type { Principal } from '@opora/auth';
import { parseEnvironment } from '@opora/config';
import { dropDatabase } from '@opora/database';
import {
  freePort,
  providePostgres,
  startLocalKafka,
  startServiceProcess,
  workspaceRoot,
} from '@opora/provision';
import { startService } from '@opora/subgraph-server';
import { isBackgroundStatement, percentile } from '@opora/testing';

// The registry is started from its own service definition, as its benchmark does.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { registryEnvironmentModel } from '../../../registry/src/environment';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { registryService } from '../../../registry/src/registry-service';
import { agreementsService } from '../agreements-service';
import { agreementsEnvironmentModel } from '../environment';

const requests = Number(process.argv[2] ?? 50);
const changes = Number(process.argv[3] ?? 40);

const ms = (value: number) => `${value.toFixed(1)} мс`;
const summary = (series: number[]) => {
  const sorted = [...series].sort((a, b) => a - b);
  return `p50 ${ms(percentile(sorted, 50))}, p95 ${ms(percentile(sorted, 95))} (n = ${sorted.length})`;
};

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('не дождались');
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function main(): Promise<void> {
  const postgres = await providePostgres({ embeddedDir: join(workspaceRoot(), '.data/postgres') });
  const kafkaDir = mkdtempSync(join(tmpdir(), 'opora-bench-kafka-'));
  const kafka = await startLocalKafka({ dataDir: kafkaDir });
  const suffix = randomUUID().slice(0, 8);
  const databases = { registry: `bench_agr_registry_${suffix}`, agreements: `bench_agreements_${suffix}` };
  const keys = ensureDevKeys(join(workspaceRoot(), '.data/keys'));
  const auth = {
    AUTH_PUBLIC_KEY_FILE: keys.publicKeyFile,
    AUTH_ISSUER: devIssuer,
    AUTH_AUDIENCE: devAudience,
  };
  const tokenOf = (principal: Principal) =>
    signToken(principal, {
      privateKeyPem: readPem(keys.privateKeyFile),
      issuer: devIssuer,
      audience: devAudience,
    });
  const admin = await tokenOf({ subject: 'bench-admin', role: 'PLATFORM_ADMIN', regionCode: null });
  const common = {
    DATABASE_URL: postgres.url,
    KAFKA_BROKERS: kafka.brokers.join(','),
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'fatal',
    ...auth,
  };
  const registry = await startService({
    ...registryService,
    environment: parseEnvironment(registryEnvironmentModel, {
      ...common,
      DATABASE_NAME: databases.registry,
      SCHEDULER_INTERVAL_MS: '0',
      AGREEMENTS_CONSUMER_GROUP: `registry.agreements.${suffix}`,
    }),
  });
  let statements = 0;
  const agreements = await startService({
    ...agreementsService,
    environment: parseEnvironment(agreementsEnvironmentModel, {
      ...common,
      DATABASE_NAME: databases.agreements,
      REGISTRY_PROJECTION_GROUP: `agreements.registry-projection.${suffix}`,
      EVENTS_CONSUMER_GROUP: `agreements.events.${suffix}`,
    }),
    // Statements of requests only: the outbox relay's and the consumers' own run on their timers.
    onQuery: (sql) => {
      if (!isBackgroundStatement(sql)) statements += 1;
    },
  });
  const gateway = await startServiceProcess({
    name: 'gateway',
    entry: 'apps/gateway/src/main.ts',
    port: await freePort(),
    env: {
      ...auth,
      REGISTRY_URL: registry.url,
      AGREEMENTS_URL: agreements.url,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'fatal',
      GATEWAY_CACHE: 'off',
    },
  });
  const call = async (url: string, query: string, variables: Record<string, unknown> = {}, token = admin) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: unknown };
    if (!body.data || body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const r = (sql: string, params?: unknown[]) => registry.dataSource.query(sql, params) as Promise<any[]>;
  const a = (sql: string, params?: unknown[]) => agreements.dataSource.query(sql, params) as Promise<any[]>;
  try {
    // The registry: a region, one municipality of 1,000 schools (200 leaders, 800 ШНОР), an authority, an order.
    const { createRegion } = await call(
      registry.url,
      `mutation { createRegion(input: { code: "98", name: "Тестовая область", timeZone: "Europe/Moscow" }) { id } }`,
    );
    const { createMunicipality } = await call(
      registry.url,
      `mutation ($r: UUID!) { createMunicipality(input: { regionId: $r, name: "Тестовый район" }) { id } }`,
      { r: createRegion.id },
    );
    const m = createMunicipality.id as string;
    const { registerOrganization: authority } = await call(
      registry.url,
      `mutation ($m: UUID!) { registerOrganization(input: { municipalityId: $m, kind: EDUCATION_AUTHORITY, fullName: "Комитет образования", authorityLevel: MUNICIPAL }) { id } }`,
      { m },
    );
    const { issueOrder } = await call(
      registry.url,
      `mutation ($i: UUID!) { issueOrder(input: { issuerId: $i, kind: ORDER, number: "1", issuedOn: "2021-01-01", title: "О статусах школ" }) { id } }`,
      { i: authority.id },
    );
    await r(
      `insert into organization (id, municipality_id, region_id, kind, full_name, search_key)
       select gen_random_uuid(), $1, $2, 'SCHOOL', 'Школа № ' || n, 'школа ' || n from generate_series(1, 1000) n`,
      [m, createRegion.id],
    );
    const schools = (await r(`select id from organization where kind = 'SCHOOL' order by full_name`)).map(
      (row: { id: string }) => row.id,
    );
    const leaders = schools.slice(0, 200);
    const partners = schools.slice(200);
    // The agreements service's projection of the same (its consumer fills it from events; the seed
    // rows came in by SQL, so they are copied the same way).
    await a(
      `insert into projected_region (id, code, name) values ($1, '98', 'Тестовая область') on conflict do nothing`,
      [createRegion.id],
    );
    await a(
      `insert into projected_municipality (id, region_id, name) values ($1, $2, 'Тестовый район') on conflict do nothing`,
      [m, createRegion.id],
    );
    await a(
      `insert into projected_organization (id, municipality_id, region_id, kind, full_name)
       select unnest($1::uuid[]), $2, $3, 'SCHOOL', 'Школа'`,
      [schools, m, createRegion.id],
    );
    await a(
      `insert into projected_status (id, organization_id, municipality_id, kind, theme, assigning_order_id, valid_from, valid_to, state)
       select gen_random_uuid(), o, $2, 'LOW_RESULTS', 'ШНОР', $3, '2021-01-01', '2023-12-31', 'ACTIVE' from unnest($1::uuid[]) o`,
      [partners, m, issueOrder.id],
    );
    // Leaders through the registry's API, so that it announces them and binds their agreements.
    const leaderStatus = new Map<string, string>();
    for (const leader of leaders) {
      const { assignStatus } = await call(
        registry.url,
        `mutation ($o: UUID!, $d: UUID!) { assignStatus(input: { organizationId: $o, kind: LEADER_SCHOOL, theme: "Лидер", grounds: ["Замер"], assigningOrderId: $d, validFrom: "2021-01-01" }) { id } }`,
        { o: leader, d: issueOrder.id },
      );
      leaderStatus.set(leader, assignStatus.id);
    }
    await waitFor(
      async () =>
        (await a(`select count(*)::int as n from projected_status where kind = 'LEADER_SCHOOL'`))[0].n ===
        200,
      120_000,
    );
    // 800 agreements: each leader with four ШНОР.
    const agreementOf = new Map<string, string>();
    for (const [i, leader] of leaders.entries()) {
      const { draftAgreement } = await call(
        agreements.url,
        `mutation ($input: DraftAgreementInput!) { draftAgreement(input: $input) { id } }`,
        {
          input: {
            number: `${i + 1}`,
            signedOn: '2021-09-01',
            validFrom: '2021-09-01',
            validTo: '2022-08-31',
            leaderOrganizationId: leader,
            partnerOrganizationIds: partners.slice(i * 4, i * 4 + 4),
            directions: ['MANAGEMENT'],
          },
        },
      );
      await call(agreements.url, `mutation ($id: UUID!) { concludeAgreement(input: { id: $id }) { id } }`, {
        id: draftAgreement.id,
      });
      agreementOf.set(leader, draftAgreement.id);
    }

    // 1. Organization.agreements for 1,000 organizations in one gateway request.
    const QUERY = `query ($m: UUID!) { municipality(id: $m) { organizations { id fullName agreements { id number state validFrom validTo } } } }`;
    const times: number[] = [];
    let perRequest = 0;
    let rows = 0;
    for (let i = 0; i < requests + 5; i++) {
      statements = 0;
      const started = performance.now();
      const data = await call(gateway.graphqlUrl, QUERY, { m });
      const elapsed = performance.now() - started;
      if (i >= 5) {
        times.push(elapsed);
        perRequest = Math.max(perRequest, statements);
        rows = data.municipality.organizations.length;
      }
    }

    // 2. Registry status change → agreements projection.
    const lags: number[] = [];
    for (let i = 0; i < changes; i++) {
      const started = performance.now();
      const { assignStatus } = await call(
        registry.url,
        `mutation ($o: UUID!, $d: UUID!) { assignStatus(input: { organizationId: $o, kind: REGIONAL_INNOVATION_SITE, theme: "РИП", grounds: ["Замер"], assigningOrderId: $d, validFrom: "2021-01-01", validTo: "2021-12-31" }) { id } }`,
        { o: partners[i], d: issueOrder.id },
      );
      await waitFor(
        async () => (await a(`select 1 from projected_status where id = $1`, [assignStatus.id])).length === 1,
      );
      lags.push(performance.now() - started);
    }

    // 3. Termination → the leader status ended in the registry.
    await waitFor(
      async () =>
        (
          await r(`select count(*)::int as n from agreement_binding where status_assignment_id is not null`)
        )[0].n === 200,
      120_000,
    );
    const ends: number[] = [];
    for (const leader of leaders.slice(0, changes)) {
      const started = performance.now();
      await call(
        agreements.url,
        `mutation ($id: UUID!) { terminateAgreement(input: { id: $id, endedOn: "2022-03-01", reason: "Замер" }) { id } }`,
        { id: agreementOf.get(leader) },
      );
      await waitFor(
        async () =>
          (await r(`select state from status_assignment where id = $1`, [leaderStatus.get(leader)]))[0]
            .state === 'ENDED',
      );
      ends.push(performance.now() - started);
    }

    process.stdout.write(
      [
        `Данные: 1 муниципалитет, ${rows} организаций (1 000 школ: 200 школ-лидеров, 800 ШНОР; орган управления), 200 заключённых соглашений (по 4 ШНОР), Kafka и PostgreSQL локально, кэш ответов шлюза выключен`,
        `1. Organization.agreements для ${rows} организаций одним запросом через шлюз (${requests} запросов):`,
        `   ${summary(times)}; SQL-запросов подграфа agreements на запрос: ${perRequest}`,
        `2. Изменение статуса в реестре (ответ assignStatus) → строка в проекции сервиса соглашений: ${summary(lags)}`,
        `3. Расторжение соглашения (ответ terminateAgreement) → статус школы-лидера прекращён в реестре: ${summary(ends)}`,
        '',
      ].join('\n'),
    );
  } finally {
    await gateway.stop();
    await agreements.stop();
    await registry.stop();
    await dropDatabase(postgres.url, databases.agreements);
    await dropDatabase(postgres.url, databases.registry);
    await kafka.stop();
    await postgres.stop();
    rmSync(kafkaDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
