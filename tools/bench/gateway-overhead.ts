/**
 * Benchmark: what the gateway adds over a direct subgraph call for a one-subgraph query (p50,
 * p95), and what refusing a hostile operation costs it (ms per refused request), with proof
 * that refused operations never reached the subgraph.
 *
 *   npm run bench:gateway -- [requests=1000] [municipalities=10] [schoolsPerMunicipality=5]
 *
 * Starts the registry and the gateway as processes (as `npm start` does) over DATABASE_URL /
 * KAFKA_BROKERS when given, else the local PostgreSQL and a temporary local Kafka. Requests are
 * sequential (one client), alternating gateway and direct calls so both see the same machine
 * load. Prints figures with the data size; asserts nothing.
 *
 * Then concurrent load: 10 and 50 connections, each with its own analyst token and all with one
 * shared token, against a gateway with the response cache (invalidated from Kafka), one without
 * it (identical queries merged), one without either (GATEWAY_MERGE_REQUESTS=off) and the registry
 * directly, interleaved round by round; requests/s
 * and subgraph calls per request. The Hive Gateway comparison of issue #13 is not here yet.
 */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';

import { dropDatabase } from '@opora/database';
import { freePort, startServiceProcess } from '@opora/provision';
import { build, percentile } from '@opora/testing';

import { provideBenchBase } from './bench-base';
import { benchSubgraphEnvironment, subgraphRequests } from './gateway-bench-setup';

const requests = Number(process.argv[2] ?? 1000);
const municipalities = Number(process.argv[3] ?? 10);
const schoolsPer = Number(process.argv[4] ?? 5);

const ms = (n: number) => `${n.toFixed(2)} мс`;

interface Answer {
  data?: Record<string, { id: string }>;
  errors?: { extensions?: { code?: string } }[];
}

async function post(url: string, token: string, body: unknown): Promise<{ status: number; json: Answer }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Answer };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function main(): Promise<void> {
  const stops: (() => Promise<void>)[] = [];
  try {
    const base = await provideBenchBase((stop) => void stops.unshift(stop));
    const { auth, brokers } = base;
    const database = `bench_gateway_${randomUUID().slice(0, 8)}`;
    stops.unshift(() => dropDatabase(base.databaseUrl, database));
    const registry = await startServiceProcess({
      name: 'registry',
      entry: 'apps/registry/src/main.ts',
      port: await freePort(),
      env: benchSubgraphEnvironment(base, database),
    });
    stops.unshift(registry.stop);
    const startGatewayProcess = async (extra: Record<string, string>) => {
      const started = await startServiceProcess({
        name: 'gateway',
        entry: 'apps/gateway/src/main.ts',
        port: await freePort(),
        env: { ...auth, REGISTRY_URL: registry.graphqlUrl, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...extra },
      });
      stops.unshift(started.stop);
      return started;
    };
    // Without KAFKA_BROKERS the response cache is off: these two measure the uncached path.
    const gateway = await startGatewayProcess({});
    const unmerged = await startGatewayProcess({ GATEWAY_MERGE_REQUESTS: 'off' });
    const cached = await startGatewayProcess({ KAFKA_BROKERS: brokers });
    const { sign } = base;
    const admin = await sign({ subject: 'bench-admin', role: 'PLATFORM_ADMIN', regionCode: null });
    const analyst = await sign({ subject: 'bench-analyst', role: 'ANALYST', regionCode: '47' });
    const region = await post(gateway.graphqlUrl, admin, {
      query: 'mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }',
      variables: { i: build.region({ code: '47', name: 'Ленинградская область' }) },
    });
    const regionId = region.json.data!.createRegion.id;
    for (let m = 0; m < municipalities; m++) {
      const created = await post(gateway.graphqlUrl, admin, {
        query: 'mutation($i: CreateMunicipalityInput!) { createMunicipality(input: $i) { id } }',
        variables: { i: build.municipality(regionId) },
      });
      for (let s = 0; s < schoolsPer; s++)
        await post(gateway.graphqlUrl, admin, {
          query: 'mutation($i: RegisterOrganizationInput!) { registerOrganization(input: $i) { id } }',
          variables: { i: build.school(created.json.data!.createMunicipality.id) },
        });
    }

    const query = {
      query: `query BenchRegion { regionByCode(code: "47") { name municipalities { name organizations { shortName inn ogrn } } } }`,
    };
    const viaGateway: number[] = [];
    const direct: number[] = [];
    for (let i = 0; i < 100; i++) {
      await post(gateway.graphqlUrl, analyst, query);
      await post(registry.graphqlUrl, analyst, query);
    }
    for (let i = 0; i < requests; i++) {
      viaGateway.push(await timed(() => post(gateway.graphqlUrl, analyst, query)));
      direct.push(await timed(() => post(registry.graphqlUrl, analyst, query)));
    }
    viaGateway.sort((a, b) => a - b);
    direct.sort((a, b) => a - b);

    const deep = `{ regions ${'{ municipalities { region '.repeat(500)}{ code }${' } }'.repeat(500)} }`;
    const aliases = `{ ${Array.from({ length: 10_000 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const hostile: [string, unknown][] = [
      ['запрос глубиной 1000', { query: deep }],
      ['10 000 псевдонимов', { query: aliases }],
    ];
    const rejection: string[] = [];
    const reachedBefore = await subgraphRequests(registry.baseUrl);
    for (const [name, body] of hostile) {
      const n = 200;
      const times: number[] = [];
      let code = '';
      for (let i = 0; i < n; i++)
        times.push(
          await timed(async () => {
            const { status, json } = await post(gateway.graphqlUrl, analyst, body);
            code = `${status} ${json.errors?.[0]?.extensions?.code ?? ''}`;
          }),
        );
      times.sort((a, b) => a - b);
      rejection.push(
        `  ${name} (${(JSON.stringify(body).length / 1024).toFixed(0)} КБ): ${code}; p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))} на отказ (${n} запросов)`,
      );
    }
    const reached = (await subgraphRequests(registry.baseUrl)) - reachedBefore;

    const analysts = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        sign({ subject: `bench-analyst-${i}`, role: 'ANALYST', regionCode: '47' }),
      ),
    );
    const targets: [string, string][] = [
      ['шлюз с кэшем ответов', cached.graphqlUrl],
      ['шлюз (слияние вкл.)', gateway.graphqlUrl],
      ['шлюз (слияние выкл.)', unmerged.graphqlUrl],
      ['registry напрямую', registry.graphqlUrl],
    ];
    // The cached gateway's consumer joins its group a few seconds after start (bypassed until then).
    for (let tries = 0; tries < 120; tries++) {
      const probe = await fetch(cached.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${analyst}` },
        body: JSON.stringify(query),
      });
      await probe.arrayBuffer();
      if (probe.headers.get('x-opora-cache') !== 'bypass') break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const load: string[] = [];
    for (const connections of [10, 50])
      for (const [tokens, tokenOf] of [
        ['свой токен у каждого соединения', (c: number) => analysts[c]],
        ['один общий токен', () => analyst],
      ] as [string, (c: number) => string][]) {
        const totals = targets.map(() => ({ requests: 0, seconds: 0, subgraphCalls: 0 }));
        for (let round = 0; round < 3; round++)
          for (const [t, [, url]] of targets.entries()) {
            const callsBefore = await subgraphRequests(registry.baseUrl);
            const perConnection = Math.ceil(requests / connections);
            const started = process.hrtime.bigint();
            await Promise.all(
              Array.from({ length: connections }, async (_, c) => {
                for (let i = 0; i < perConnection; i++) await post(url, tokenOf(c), query);
              }),
            );
            totals[t].seconds += Number(process.hrtime.bigint() - started) / 1e9;
            totals[t].requests += perConnection * connections;
            totals[t].subgraphCalls += (await subgraphRequests(registry.baseUrl)) - callsBefore;
          }
        const rate = (t: number) => totals[t].requests / totals[t].seconds;
        load.push(`  ${connections} соединений, ${tokens}:`);
        for (const [t, [name]] of targets.entries())
          load.push(
            `    ${name.padEnd(22)} ${rate(t).toFixed(0).padStart(6)} запр./с, ${(totals[t].subgraphCalls / totals[t].requests).toFixed(2)} вызова подграфа на запрос, ×${(rate(t) / rate(targets.length - 1)).toFixed(2)} к registry`,
          );
      }

    const sample = await post(gateway.graphqlUrl, analyst, query);
    process.stdout.write(
      [
        '',
        `Данные: 1 регион, ${municipalities} муниципалитетов, ${municipalities * schoolsPer} школ; ответ ${(JSON.stringify(sample.json).length / 1024).toFixed(1)} КБ`,
        `Запрос одного подграфа, ${requests} последовательных запросов каждым путём:`,
        `  напрямую в registry:  p50 ${ms(percentile(direct, 50))}, p95 ${ms(percentile(direct, 95))}`,
        `  через шлюз:           p50 ${ms(percentile(viaGateway, 50))}, p95 ${ms(percentile(viaGateway, 95))}`,
        `  накладные шлюза:      p50 ${ms(percentile(viaGateway, 50) - percentile(direct, 50))}, p95 ${ms(percentile(viaGateway, 95) - percentile(direct, 95))}`,
        'Отказ враждебным операциям (только шлюз):',
        ...rejection,
        `  дошло до подграфа: ${reached} запросов`,
        `Нагрузка (по ${requests} запросов на цель за раунд, 3 раунда вперемежку; loadavg ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}, ${cpus().length} ядра):`,
        ...load,
        '',
      ].join('\n'),
    );
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
