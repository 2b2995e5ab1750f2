/**
 * Benchmark of issue #13 point 5 (docs/decisions.md §74): 50,000 distinct operation shapes sent
 * through our gateway (built, with its response cache and Kafka invalidation, as deployed) to the
 * registry (built); the RSS and V8 heap of both sampled as the shapes go by, and whether each
 * settles under its stated bound. Also the measured cost of one remembered shape.
 *
 *   npx nx run-many -t build -p gateway registry && npm run bench:gateway:memory -- [shapes=50000]
 *
 * Each shape differs in its text (an alias and the selection), so each is parsed, validated and
 * planned anew by the gateway, each subgraph operation is new to the registry, and each answer is
 * a new response cache entry. Prints a table and writes bench/results/gateway-memory-<date>.json.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

import { workspaceRoot } from '@opora/provision';

import {
  builtEntry,
  heapLimitMiB,
  post,
  rssMiB,
  seedAnalystDataSet,
  startInfra,
  startNodeProcess,
  runBench,
  writeBenchResult,
} from './gateway-bench-setup';
import type { BenchProcess } from './gateway-bench-setup';
import { shapeOf } from './gateway-shapes';

const shapes = Number(process.argv[2] ?? 50_000);
/** The bounds this bench checks (MiB): the gateway's and the registry's RSS once settled. */
const bounds = { gateway: 340, registry: 260 };
const sampleEvery = 2500;

async function heapMiB(p: BenchProcess): Promise<number> {
  const text = await (await fetch(`${p.baseUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => /^nodejs_heap_size_used_bytes[{ ]/.test(l));
  return Number(line?.slice(line.lastIndexOf(' ') + 1) ?? 0) / 2 ** 20;
}

/** apps/gateway/src/bench/entry-cost.ts on 2,000 of the shapes, in a node of its own (--expose-gc). */
function entryCost(): string {
  const dir = mkdtempSync(join(tmpdir(), 'opora-shapes-'));
  const file = join(dir, 'shapes.jsonl');
  const data = { regionCode: '47', municipalities: [randomUUID()], schools: [randomUUID()] };
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

async function main(): Promise<void> {
  const measuredEntryCost = entryCost();
  process.stdout.write(`Цена записи, измерено в куче после полной сборки мусора: ${measuredEntryCost}\n`);
  const infra = await startInfra();
  const started = new Date();
  try {
    const { registry, sign } = infra;
    const admin = await sign({ subject: 'bench-admin', role: 'PLATFORM_ADMIN', regionCode: null });
    const data = await seedAnalystDataSet(registry.graphqlUrl, admin, {
      regionCode: '47',
      municipalityCount: 20,
      schoolCount: Number(process.env.BENCH_SCHOOLS ?? 200),
    });
    const gateway = await startNodeProcess({
      name: 'gateway',
      args: builtEntry('gateway'),
      env: {
        ...infra.auth,
        REGISTRY_URL: registry.graphqlUrl,
        KAFKA_BROKERS: infra.brokers,
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
      },
    });
    infra.later(gateway.stop);
    const analyst = await sign({ subject: 'bench-analyst', role: 'ANALYST', regionCode: '47' });
    for (
      let tries = 0;
      (await post(gateway.graphqlUrl, analyst, shapeOf(data, 0))).cache === 'bypass';
      tries++
    ) {
      if (tries > 240) throw new Error('кэш ответов шлюза не включился за 2 минуты');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    const samples: {
      shapes: number;
      gatewayRss: number;
      gatewayHeap: number;
      registryRss: number;
      registryHeap: number;
    }[] = [];
    const sample = async (sent: number) => {
      const s = {
        shapes: sent,
        gatewayRss: rssMiB(gateway.pid),
        gatewayHeap: await heapMiB(gateway),
        registryRss: rssMiB(registry.pid),
        registryHeap: await heapMiB(registry),
      };
      samples.push(s);
      process.stdout.write(`  ${JSON.stringify(s)}\n`);
    };
    await sample(0);
    let next = 1;
    let errors = 0;
    const t0 = performance.now();
    const perEntryAt = 2000;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next <= shapes) {
          const i = next++;
          const answer = await post(gateway.graphqlUrl, analyst, shapeOf(data, i));
          if (!answer.json.data || answer.json.errors) {
            errors++;
            if (errors <= 3) process.stderr.write(`${JSON.stringify(answer.json.errors)}\n`);
          }
          if (i % sampleEvery === 0 || i === perEntryAt) await sample(i);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    samples.sort((a, b) => a.shapes - b.shapes);
    const settled = samples.filter((s) => s.shapes >= shapes * 0.5);
    const peak = (f: (s: (typeof samples)[number]) => number) => Math.max(...settled.map(f));
    const first = samples[0];
    const atEntries = samples.find((s) => s.shapes === perEntryAt)!;
    const perShapeKiB = ((atEntries.gatewayHeap - first.gatewayHeap) * 1024) / perEntryAt;
    const result = {
      gateway: { settledPeakRssMiB: peak((s) => s.gatewayRss), boundMiB: bounds.gateway },
      registry: { settledPeakRssMiB: peak((s) => s.registryRss), boundMiB: bounds.registry },
    };
    const within = (r: { settledPeakRssMiB: number; boundMiB: number }) =>
      r.settledPeakRssMiB <= r.boundMiB ? 'в пределе' : 'СВЕРХ ПРЕДЕЛА';
    const lines = [
      '',
      `Данные: ${data.describe}; ${shapes} разных форм операций за ${seconds.toFixed(0)} с (${(shapes / seconds).toFixed(0)} в секунду), ошибок ${errors}`,
      `Машина: ${cpus().length} ядра, ${(totalmem() / 2 ** 30).toFixed(0)} ГиБ, Node ${process.version}; loadavg ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
      `  ${'форм'.padStart(7)} ${'шлюз RSS'.padStart(9)} ${'куча'.padStart(6)} ${'registry RSS'.padStart(13)} ${'куча'.padStart(6)}  (МиБ)`,
      ...samples.map(
        (s) =>
          `  ${String(s.shapes).padStart(7)} ${s.gatewayRss.toFixed(0).padStart(9)} ${s.gatewayHeap.toFixed(0).padStart(6)} ${s.registryRss.toFixed(0).padStart(13)} ${s.registryHeap.toFixed(0).padStart(6)}`,
      ),
      `Шлюз: RSS после половины форм не выше ${result.gateway.settledPeakRssMiB.toFixed(0)} МиБ при пределе ${bounds.gateway} — ${within(result.gateway)}`,
      `registry: RSS после половины форм не выше ${result.registry.settledPeakRssMiB.toFixed(0)} МиБ при пределе ${bounds.registry} — ${within(result.registry)}`,
      `Рост кучи шлюза за первые ${perEntryAt} форм (хранилища, кэш ответов и ещё не собранный мусор): ${perShapeKiB.toFixed(1)} КиБ на форму`,
      `Цена записи (куча после полной сборки мусора): ${measuredEntryCost}`,
      '',
    ];
    process.stdout.write(lines.join('\n'));
    writeBenchResult('gateway-memory', started, {
      machine: { cores: cpus().length, memoryGiB: totalmem() / 2 ** 30, node: process.version },
      loadAverage: loadavg(),
      dataSet: data.describe,
      shapes,
      seconds,
      errors,
      perShapeKiB,
      measuredEntryCost,
      heapLimitMiB: process.env.BENCH_HEAP_LIMIT === 'off' ? null : heapLimitMiB,
      result,
      samples,
    });
  } finally {
    await infra.stop();
  }
}

runBench(main);
