/**
 * The registry's page of 100 schools (issue #13 point 4, docs/decisions.md §80): `SchoolsPage` of
 * the gateway benchmark sent straight to the registry, built (dist/, as deployed), old build and
 * new build side by side on the same database, in turns.
 *
 *   npx nx run registry:build && npm run bench:registry:page -- <old main.js> [requests=300] [rounds=2]
 *
 * The old build: the registry of an older commit built into another folder inside the workspace
 * (so that its `require`s find node_modules), e.g. `tmp/baseline-72c258b/registry/main.js`.
 * Without it only the current build is measured. Data set as gateway-compare writes it, through
 * the registry's own mutations (1 region, 20 municipalities, 1,000 schools, 5,000 status
 * records). Before timing, both builds must give the same JSON for every page asked. Then, at 10
 * and 50 connections, each connection its own analyst token, the builds take turns (order rotated
 * each round): requests/s, p50/p95, the registry's CPU ms per request (/proc), answer bytes, load
 * average. Prints the figures and writes bench/results/registry-page-<time>.json.
 * BENCH_CPU_PROF=<dir> writes both registries' V8 profiles (summed by cpu-profile-summary.ts);
 * BENCH_CONNECTIONS=50 measures at one concurrency only.
 */
import { cpus, loadavg, release } from 'node:os';
import { resolve } from 'node:path';

import { percentile } from '@opora/testing';

import {
  builtFile,
  cpuSeconds,
  driveConnections,
  dataSetFigures,
  post,
  rssMiB,
  runBench,
  seedAnalystDataSet,
  startInfra,
  writeBenchResult,
} from './gateway-bench-setup';
import type { BenchProcess, DataSet } from './gateway-bench-setup';
import { analystOperations, requestFor } from './gateway-compare';

const [baselineArg, requestsArg, roundsArg] = process.argv.slice(2);
const baseline = baselineArg && baselineArg !== '-' ? resolve(baselineArg) : null;
const requestsPerRun = Number(requestsArg ?? 300);
const rounds = Number(roundsArg ?? 2);
const connectionCounts = (process.env.BENCH_CONNECTIONS ?? '10,50').split(',').map(Number);

/** The j-th page: all the region's schools (first 100) or one municipality's, in turn, as in gateway-compare. */
const pageRequest = (data: DataSet, j: number) => requestFor(data, 4 * j + 3, false);

interface Run {
  requests: number;
  seconds: number;
  latencies: number[];
  cpuSeconds: number;
  bytes: number;
  errors: number;
}

async function load(
  target: BenchProcess,
  data: DataSet,
  tokens: string[],
  connections: number,
  count: number,
): Promise<Run> {
  const perConnection = Math.ceil(count / connections);
  const run: Run = {
    requests: perConnection * connections,
    seconds: 0,
    latencies: [],
    cpuSeconds: 0,
    bytes: 0,
    errors: 0,
  };
  let sequence = 0;
  const cpuBefore = cpuSeconds(target.pid);
  const timed = await driveConnections(connections, perConnection, async (c) => {
    const response = await fetch(target.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[c]}` },
      body: JSON.stringify(pageRequest(data, sequence++)),
    });
    const text = await response.text();
    run.bytes += Buffer.byteLength(text);
    if (response.status !== 200 || text.includes('"errors"')) run.errors++;
  });
  run.seconds = timed.seconds;
  run.latencies = timed.latencies;
  run.cpuSeconds = cpuSeconds(target.pid) - cpuBefore;
  return run;
}

function summary(runs: Run[]) {
  const sum = (f: (run: Run) => number) => runs.reduce((s, run) => s + f(run), 0);
  const requests = sum((r) => r.requests);
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return {
    requests,
    requestsPerSecond: requests / sum((r) => r.seconds),
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    cpuMsPerRequest: (sum((r) => r.cpuSeconds) * 1000) / requests,
    bytesPerAnswer: sum((r) => r.bytes) / requests,
    errors: sum((r) => r.errors),
  };
}

async function main(): Promise<void> {
  const infra = await startInfra();
  const started = new Date();
  const loadBefore = loadavg();
  try {
    const admin = await infra.sign({ subject: 'bench-admin', role: 'PLATFORM_ADMIN', regionCode: null });
    const seedStarted = performance.now();
    const data = await seedAnalystDataSet(infra.registry.graphqlUrl, admin, {
      regionCode: '47',
      municipalityCount: 20,
      schoolCount: 1000,
    });
    process.stdout.write(
      `Данные: ${data.describe} — записаны мутациями registry за ${((performance.now() - seedStarted) / 1000).toFixed(0)} с\n`,
    );
    // Both measured processes start after the seeding, so neither has the other's head start of
    // 6,000 mutations (JIT, heap size): the seeding registry stays aside.
    const targets: { name: string; process: BenchProcess }[] = [];
    if (baseline)
      targets.push({ name: 'прежний', process: await infra.startRegistry('registry-baseline', baseline) });
    targets.push({
      name: 'новый',
      process: await infra.startRegistry('registry-new', builtFile('registry')),
    });
    const analysts = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        infra.sign({ subject: `bench-analyst-${i}`, role: 'ANALYST', regionCode: '47' }),
      ),
    );

    // Same JSON from both builds, for the region's page, each municipality's page and the next page.
    const nextPageQuery = analystOperations.SchoolsPage.replace('first: 100)', 'first: 100, after: $after)')
      .replace('($municipalityId: UUID)', '($municipalityId: UUID, $after: String)')
      .replace('totalCount edges', 'totalCount pageInfo { hasNextPage endCursor } edges');
    const firstPage = await post(infra.registry.graphqlUrl, analysts[0], {
      query: nextPageQuery,
      variables: {},
    });
    const { endCursor } = (firstPage.json.data?.organizations as { pageInfo: { endCursor: string } })
      .pageInfo;
    const checks = [
      ...Array.from({ length: 8 }, (_, j) => pageRequest(data, j)),
      { query: nextPageQuery, variables: { after: endCursor } },
    ];
    for (const request of checks) {
      const answers = await Promise.all(targets.map((t) => post(t.process.graphqlUrl, analysts[0], request)));
      for (const [i, answer] of answers.entries()) {
        if (!answer.json.data || answer.json.errors)
          throw new Error(`${targets[i].name}: ошибки ${JSON.stringify(answer.json.errors)}`);
        if (JSON.stringify(answer.json) !== JSON.stringify(answers[0].json))
          throw new Error(
            `${targets[i].name} ответил иначе, чем ${targets[0].name}: ${JSON.stringify(request.variables)}`,
          );
      }
    }
    process.stdout.write(
      `Одинаковые ответы у ${targets.map((t) => t.name).join(' и ')} на ${checks.length} страниц\n`,
    );

    // Warm-up: JIT, pools, the document store.
    for (const target of targets) await load(target.process, data, analysts, 10, 200);

    const cells: Record<string, unknown>[] = [];
    const lines: string[] = [];
    for (const connections of connectionCounts) {
      const runs = targets.map(() => [] as Run[]);
      for (let round = 0; round < rounds; round++)
        for (let t = 0; t < targets.length; t++) {
          const index = (t + round) % targets.length;
          runs[index].push(await load(targets[index].process, data, analysts, connections, requestsPerRun));
        }
      const rows = targets.map((target, t) => ({ target: target.name, ...summary(runs[t]) }));
      const ratio = rows.length === 2 ? rows[1].requestsPerSecond / rows[0].requestsPerSecond : null;
      const cpuRatio = rows.length === 2 ? rows[0].cpuMsPerRequest / rows[1].cpuMsPerRequest : null;
      cells.push({ connections, rows, newToOldRequestsPerSecond: ratio, oldToNewCpuPerRequest: cpuRatio });
      lines.push(`${connections} соединений, у каждого свой токен аналитика:`);
      for (const r of rows)
        lines.push(
          `  ${r.target.padEnd(8)} ${r.requestsPerSecond.toFixed(0).padStart(6)} запр./с  p50 ${r.p50Ms.toFixed(1).padStart(6)} мс  p95 ${r.p95Ms.toFixed(1).padStart(6)} мс  ЦП ${r.cpuMsPerRequest.toFixed(2)} мс/запр.  ответ ${(r.bytesPerAnswer / 1024).toFixed(1)} КБ${r.errors ? `  ОШИБОК ${r.errors}` : ''}`,
        );
      if (ratio && cpuRatio)
        lines.push(
          `  новый/прежний: запр./с ×${ratio.toFixed(2)}, ЦП на запрос меньше в ${cpuRatio.toFixed(2)} раза`,
        );
    }
    const loadAfter = loadavg();
    const rss = Object.fromEntries(targets.map((t) => [t.name, +rssMiB(t.process.pid).toFixed(0)]));
    const machine = { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, kernel: release() };
    process.stdout.write(
      [
        `Машина: ${machine.cpu}, ${machine.cores} ядра, Node ${machine.node}; loadavg до ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, после ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`,
        `SchoolsPage напрямую в registry: по ${requestsPerRun} запросов на сборку за раунд, ${rounds} раунда, сборки по очереди`,
        ...lines,
        `RSS после (МиБ): ${Object.entries(rss)
          .map(([n, m]) => `${n} ${m}`)
          .join(', ')}`,
        '',
      ].join('\n'),
    );
    writeBenchResult('registry-page', started, {
      machine,
      loadAverage: { before: loadBefore, after: loadAfter },
      dataSet: dataSetFigures(data),
      parameters: {
        baseline,
        requestsPerRun,
        rounds,
        connections: connectionCounts,
        operation: analystOperations.SchoolsPage,
      },
      cells,
      rssMiB: rss,
    });
  } finally {
    await infra.stop();
  }
}

runBench(main);
