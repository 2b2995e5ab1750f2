/**
 * Benchmark of issue #13 point 5 (docs/decisions.md §74, §76): 50,000 distinct operation shapes
 * sent through our gateway (built, with its response cache and Kafka invalidation, as deployed)
 * over all four subgraphs (built, each on a database of its own); the RSS and V8 heap of every
 * process sampled as the shapes go by, and whether each settles under its stated bound. Every
 * process is started with the V8 flags and environment it is deployed with (the manifest's
 * runtime, the same as docker-compose.yml). Also the measured cost of one remembered shape.
 *
 *   npx nx run-many -t build && npm run bench:gateway:memory -- [shapes=50000]
 *
 * Each shape differs in its text (operation name, alias, selection, arguments), so each is parsed,
 * validated and planned anew by the gateway, each subgraph operation is new to its subgraph, and
 * each answer is a new response cache entry. Prints a table and writes
 * bench/results/gateway-memory-<date>.json.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

import { workspaceRoot } from '@opora/provision';
import { deployedNodeEnvironment, subgraphManifest } from '@opora/service-manifest';

import {
  post,
  rssMiB,
  seedAnalystDataSet,
  startInfra,
  startBuiltGateway,
  runBench,
  writeBenchResult,
} from './gateway-bench-setup';
import type { BenchProcess } from './gateway-bench-setup';
import { shapeOf } from './gateway-shapes';
import type { Shape } from './gateway-shapes';

const shapes = Number(process.argv[2] ?? 50_000);
/**
 * The bounds this bench checks (MiB): each process's RSS once settled (after half the shapes). The
 * gateway's is issue #13's 300 with its caches full; the subgraphs' the registry's of §76.
 */
const boundsMiB: Record<string, number> = {
  gateway: 300,
  registry: 260,
  agreements: 260,
  events: 260,
  monitoring: 260,
};
const sampleEvery = 2500;
const connections = 8;

/** A gauge of bytes from the process's /metrics (its first series), MiB. */
async function metricMiB(p: BenchProcess, metric: string): Promise<number> {
  const text = await (await fetch(`${p.baseUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${metric} `) || l.startsWith(`${metric}{`));
  return Number(line?.slice(line.lastIndexOf(' ') + 1) ?? 0) / 2 ** 20;
}

/** apps/gateway/src/bench/entry-cost.ts on 2,000 of the shapes, in a node of its own (--expose-gc). */
function entryCost(): string {
  const dir = mkdtempSync(join(tmpdir(), 'opora-shapes-'));
  const file = join(dir, 'shapes.jsonl');
  const data = {
    regionCode: '47',
    regionId: randomUUID(),
    municipalities: [randomUUID()],
    schools: [randomUUID()],
  };
  writeFileSync(
    file,
    Array.from({ length: 2001 }, (_, i) => JSON.stringify(shapeOf(data, i + 1).query)).join('\n'),
  );
  return execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(workspaceRoot(), 'apps/gateway/src/bench/entry-cost.ts'), file],
    {
      cwd: workspaceRoot(),
      env: { ...process.env, TSX_TSCONFIG_PATH: join(workspaceRoot(), 'tsconfig.base.json') },
    },
  )
    .toString('utf8')
    .trim();
}

interface Sample {
  shapes: number;
  /** RSS of each process, MiB. */
  rss: Record<string, number>;
  /** V8 heap in use of each process (its /metrics), MiB. */
  heap: Record<string, number>;
  /** What the gateway's response cache counts it holds (opora_gateway_cache_bytes), MiB. */
  responseCache: number;
}

/** Answers with errors (or without data): how many, and the first few with their shape. */
class ErrorTally {
  count = 0;
  readonly first: { query: string; errors: unknown }[] = [];

  note(shape: Shape, errors: unknown): void {
    this.count++;
    if (this.first.length < 5) {
      this.first.push({ query: shape.query, errors });
      process.stderr.write(`Ошибка в ответе на ${shape.query}\n  ${JSON.stringify(errors)}\n`);
    }
  }
}

async function main(): Promise<void> {
  const measuredEntryCost = entryCost();
  process.stdout.write(`Цена записи, измерено в куче после полной сборки мусора: ${measuredEntryCost}\n`);
  const infra = await startInfra(subgraphManifest.map((entry) => entry.name));
  const started = new Date();
  const loadBefore = loadavg();
  try {
    const { registry, sign } = infra;
    const admin = await sign({ subject: 'bench-admin', role: 'PLATFORM_ADMIN', regionCode: null });
    const data = await seedAnalystDataSet(registry.graphqlUrl, admin, {
      regionCode: '47',
      municipalityCount: 20,
      schoolCount: Number(process.env.BENCH_SCHOOLS ?? 200),
    });
    const gateway = await startBuiltGateway(infra, 'gateway', { KAFKA_BROKERS: infra.brokers });
    const processes = [gateway, ...subgraphManifest.map((entry) => infra.subgraphs[entry.name]!)];
    const analyst = await sign({ subject: 'bench-analyst', role: 'ANALYST', regionCode: '47' });
    const ask = (shape: Shape) =>
      post(gateway.graphqlUrl, analyst, { query: shape.query, variables: shape.variables });
    for (let tries = 0; (await ask(shapeOf(data, 0))).cache === 'bypass'; tries++) {
      if (tries > 240) throw new Error('кэш ответов шлюза не включился за 2 минуты');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    const samples: Sample[] = [];
    const sample = async (sent: number) => {
      const tenths = (mib: number) => Math.round(mib * 10) / 10;
      const s: Sample = {
        shapes: sent,
        rss: {},
        heap: {},
        responseCache: tenths(await metricMiB(gateway, 'opora_gateway_cache_bytes')),
      };
      for (const p of processes) {
        s.rss[p.name] = tenths(rssMiB(p.pid));
        s.heap[p.name] = tenths(await metricMiB(p, 'nodejs_heap_size_used_bytes'));
      }
      samples.push(s);
      process.stdout.write(`  ${JSON.stringify(s)}\n`);
    };
    await sample(0);
    let next = 1;
    const errors = new ErrorTally();
    const t0 = performance.now();
    const perEntryAt = 2000;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (next <= shapes) {
          const i = next++;
          const shape = shapeOf(data, i);
          const answer = await ask(shape);
          if (!answer.json.data || answer.json.errors)
            errors.note(shape, answer.json.errors ?? answer.status);
          if (i % sampleEvery === 0 || i === perEntryAt) await sample(i);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    if (shapes % sampleEvery !== 0) await sample(shapes);
    samples.sort((a, b) => a.shapes - b.shapes);
    const settled = samples.filter((s) => s.shapes >= shapes * 0.5);
    const first = samples[0];
    const atEntries = samples.find((s) => s.shapes === perEntryAt)!;
    const perShapeKiB = ((atEntries.heap.gateway - first.heap.gateway) * 1024) / perEntryAt;
    const result = Object.fromEntries(
      processes.map((p) => [
        p.name,
        {
          startRssMiB: first.rss[p.name],
          settledPeakRssMiB: Math.max(...settled.map((s) => s.rss[p.name])),
          settledPeakHeapMiB: Math.max(...settled.map((s) => s.heap[p.name])),
          boundMiB: boundsMiB[p.name],
          node: entryOf(p.name),
        },
      ]),
    );
    const within = (r: { settledPeakRssMiB: number; boundMiB: number }) =>
      r.settledPeakRssMiB <= r.boundMiB ? 'в пределе' : 'СВЕРХ ПРЕДЕЛА';
    const names = processes.map((p) => p.name);
    const loadAfter = loadavg();
    const lines = [
      '',
      `Данные: ${data.describe}; ${shapes} разных форм операций (${connections} соединений) за ${seconds.toFixed(0)} с (${(shapes / seconds).toFixed(0)} в секунду), ответов с ошибками ${errors.count}`,
      `Машина: ${cpus().length} ядра, ${(totalmem() / 2 ** 30).toFixed(0)} ГиБ, Node ${process.version}; loadavg до ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, после ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`,
      `  ${'форм'.padStart(7)} ${names.map((n) => `${n} RSS/куча`.padStart(22)).join('')} ${'кэш ответов'.padStart(12)}  (МиБ)`,
      ...samples.map(
        (s) =>
          `  ${String(s.shapes).padStart(7)} ${names.map((n) => `${s.rss[n].toFixed(0)}/${s.heap[n].toFixed(0)}`.padStart(22)).join('')} ${s.responseCache.toFixed(1).padStart(12)}`,
      ),
      ...names.map(
        (n) =>
          `${n}: RSS ${result[n].startRssMiB.toFixed(0)} МиБ в начале, после половины форм не выше ${result[n].settledPeakRssMiB.toFixed(0)} МиБ (куча до ${result[n].settledPeakHeapMiB.toFixed(0)}) при пределе ${result[n].boundMiB} — ${within(result[n])}; ${result[n].node}`,
      ),
      `Рост кучи шлюза за первые ${perEntryAt} форм (хранилища, кэш ответов и ещё не собранный мусор): ${perShapeKiB.toFixed(1)} КиБ на форму`,
      `Цена записи (куча после полной сборки мусора): ${measuredEntryCost}`,
      '',
    ];
    process.stdout.write(lines.join('\n'));
    writeBenchResult('gateway-memory', started, {
      machine: { cores: cpus().length, memoryGiB: totalmem() / 2 ** 30, node: process.version },
      loadAverage: { before: loadBefore, after: loadAfter },
      dataSet: data.describe,
      shapes,
      connections,
      seconds,
      errors: { count: errors.count, first: errors.first },
      perShapeKiB,
      measuredEntryCost,
      result,
      samples,
    });
  } finally {
    await infra.stop();
  }
}

/** How the process was started: its deployed node environment, or none (BENCH_HEAP_LIMIT=off). */
function entryOf(name: string): string {
  return process.env.BENCH_HEAP_LIMIT === 'off'
    ? 'без флагов V8'
    : Object.entries(deployedNodeEnvironment(name))
        .map(([variable, value]) => `${variable}=${value}`)
        .join(' ');
}

runBench(main);
