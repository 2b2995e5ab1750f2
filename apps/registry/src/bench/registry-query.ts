/**
 * Benchmark: "organizations of a municipality holding status X on date D, with their current
 * statuses" — p50/p95 on the registry subgraph directly and through the gateway, and SQL
 * statements per request. Data: 1 region, 20 municipalities, 1,000 organizations, 5,000 status
 * records (plus authorities and orders).
 *
 *   npm run bench:registry -- [requests=300]
 *
 * Uses the local PostgreSQL and a Kafka broker started for the run. Prints figures; asserts nothing.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { devAudience, devIssuer, ensureDevKeys, readPem, signToken } from '@opora/auth';
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
import { percentile } from '@opora/testing';

import { registryEnvironmentModel } from '../environment';
import { registryService } from '../registry-service';

const requests = Number(process.argv[2] ?? 300);

const QUERY = `query($m: UUID!, $d: Date!) {
  organizations(filter: { municipalityId: $m, holdsStatus: { kind: LOW_RESULTS, activeOn: $d } }, first: 100) {
    totalCount
    edges { node { id fullName shortName statuses { kind theme validFrom validTo } } }
  }
}`;

/** Sends the query to each URL in turn (interleaved, so both see the same warm-up and load). */
async function measure(
  urls: string[],
  municipalities: string[],
  token: string,
): Promise<{ p50: number; p95: number; rows: number }[]> {
  const times = urls.map(() => [] as number[]);
  let rows = 0;
  for (let i = 0; i < requests + 50; i++) {
    for (const [index, url] of urls.entries()) {
      const started = performance.now();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: QUERY,
          variables: { m: municipalities[i % municipalities.length], d: '2022-01-10' },
        }),
      });
      const body = (await response.json()) as {
        data?: { organizations: { edges: unknown[] } };
        errors?: unknown;
      };
      if (!body.data) throw new Error(JSON.stringify(body.errors));
      if (i >= 50) {
        times[index].push(performance.now() - started);
        rows = body.data.organizations.edges.length;
      }
    }
  }
  return times.map((series) => {
    series.sort((a, b) => a - b);
    return { p50: percentile(series, 50), p95: percentile(series, 95), rows };
  });
}

async function seed(query: (sql: string, params?: unknown[]) => Promise<unknown>): Promise<string[]> {
  const regionId = randomUUID();
  await query(`insert into region (id, code, name) values ($1, '99', 'Тестовая область')`, [regionId]);
  await query(
    `insert into municipality (id, region_id, name, name_key)
     select gen_random_uuid(), $1, 'Район ' || n, 'район ' || n from generate_series(1, 20) n`,
    [regionId],
  );
  await query(
    `insert into organization (id, municipality_id, region_id, kind, full_name, search_key, authority_level)
     select gen_random_uuid(), m.id, m.region_id, 'EDUCATION_AUTHORITY', 'Комитет образования ' || m.name, 'комитет', 'MUNICIPAL'
       from municipality m`,
  );
  await query(
    `insert into administrative_order (id, region_id, municipality_id, issuer_id, kind, number, issued_on, title, created_by)
     select gen_random_uuid(), o.region_id, o.municipality_id, o.id, 'DIRECTIVE', '1-р', '2019-08-20', 'О статусах школ', 'bench'
       from organization o`,
  );
  await query(
    `insert into organization (id, municipality_id, region_id, kind, full_name, short_name, search_key)
     select gen_random_uuid(), m.id, m.region_id, 'SCHOOL',
            'Муниципальное общеобразовательное учреждение «Средняя общеобразовательная школа № ' || n || '» ' || m.name,
            'МОУ «СОШ № ' || n || '»', 'моу сош ' || n
       from municipality m, generate_series(1, 50) n`,
  );
  // Five records per school: three yearly ШССУ periods, a leader status or a ШНОР period, an innovation site.
  await query(
    `with s as (select o.*, row_number() over (order by o.id) as n from organization o where kind = 'SCHOOL'),
          d as (select id as order_id, municipality_id from administrative_order)
     insert into status_assignment (id, organization_id, region_id, municipality_id, kind, theme, grounds, assigning_order_id, valid_from, valid_to, created_by)
     select gen_random_uuid(), s.id, s.region_id, s.municipality_id, v.kind, 'Тема', '{Основание}', d.order_id, v.valid_from::date, v.valid_to::date, 'bench'
       from s join d using (municipality_id)
       cross join lateral (values
         ('UNFAVOURABLE_CONDITIONS', '2019-09-01', '2020-08-31'),
         ('UNFAVOURABLE_CONDITIONS', '2020-09-01', '2021-08-31'),
         ('UNFAVOURABLE_CONDITIONS', '2021-09-01', '2022-08-31'),
         (case when s.n % 5 = 0 then 'LEADER_SCHOOL' else 'LOW_RESULTS' end, '2020-09-01', case when s.n % 5 = 0 then null else '2022-08-31' end),
         ('REGIONAL_INNOVATION_SITE', '2020-01-01', '2023-12-31')) as v(kind, valid_from, valid_to)`,
  );
  await query(`analyze`);
  return ((await query(`select id from municipality order by name`)) as { id: string }[]).map(
    (row) => row.id,
  );
}

async function main(): Promise<void> {
  const postgres = await providePostgres({ embeddedDir: join(workspaceRoot(), '.data/postgres') });
  const kafkaDir = mkdtempSync(join(tmpdir(), 'opora-bench-kafka-'));
  const kafka = await startLocalKafka({ dataDir: kafkaDir });
  const database = `bench_registry_${randomUUID().slice(0, 8)}`;
  const keys = ensureDevKeys(join(workspaceRoot(), '.data/keys'));
  const auth = {
    AUTH_PUBLIC_KEY_FILE: keys.publicKeyFile,
    AUTH_ISSUER: devIssuer,
    AUTH_AUDIENCE: devAudience,
  };
  // An analyst of the region: read-only, region-wide — who runs such comparisons.
  const token = await signToken(
    { subject: 'bench-analyst', role: 'ANALYST', regionCode: '99' },
    { privateKeyPem: readPem(keys.privateKeyFile), issuer: devIssuer, audience: devAudience },
  );
  let statements = 0;
  const registry = await startService({
    ...registryService,
    environment: parseEnvironment(registryEnvironmentModel, {
      DATABASE_URL: postgres.url,
      DATABASE_NAME: database,
      KAFKA_BROKERS: kafka.brokers.join(','),
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'fatal',
      ...auth,
      SCHEDULER_INTERVAL_MS: '0',
      AGREEMENTS_CONSUMER_GROUP: `registry.agreements.${database}`,
    }),
    onQuery: () => void (statements += 1),
  });
  const gateway = await startServiceProcess({
    name: 'gateway',
    entry: 'apps/gateway/src/main.ts',
    port: await freePort(),
    env: { ...auth, REGISTRY_URL: registry.url, HOST: '127.0.0.1', LOG_LEVEL: 'fatal' },
  });
  try {
    const municipalities = await seed((sql, params) => registry.dataSource.query(sql, params));
    const counts = (await registry.dataSource.query(
      `select (select count(*) from organization)::int as organizations, (select count(*) from status_assignment)::int as statuses`,
    )) as { organizations: number; statuses: number }[];
    statements = 0;
    const [direct, through] = await measure([registry.url, gateway.graphqlUrl], municipalities, token);
    // Each request reaches the subgraph twice (directly and through the gateway).
    const perRequest = statements / (2 * (requests + 50));
    const ms = (value: number) => `${value.toFixed(1)} мс`;
    process.stdout.write(
      [
        `Данные: 1 регион, 20 муниципалитетов, ${counts[0].organizations} организаций, ${counts[0].statuses} записей о статусах; ${requests} запросов подряд, строк в ответе ${direct.rows}`,
        `Запрос: школы муниципалитета со статусом LOW_RESULTS на 2022-01-10, с их текущими статусами`,
        `  подграф registry напрямую: p50 ${ms(direct.p50)}, p95 ${ms(direct.p95)}; SQL-запросов на запрос: ${perRequest.toFixed(1)}`,
        `  через шлюз:               p50 ${ms(through.p50)}, p95 ${ms(through.p95)}`,
        '',
      ].join('\n'),
    );
  } finally {
    await gateway.stop();
    await registry.stop();
    await dropDatabase(postgres.url, database);
    await kafka.stop();
    await postgres.stop();
    rmSync(kafkaDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
