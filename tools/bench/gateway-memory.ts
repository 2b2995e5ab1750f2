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
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

import { workspaceRoot } from '@opora/provision';

import {
  builtEntry,
  post,
  rssMiB,
  seedAnalystDataSet,
  startInfra,
  startNodeProcess,
} from './gateway-bench-setup';
import type { BenchProcess, DataSet } from './gateway-bench-setup';

const shapes = Number(process.argv[2] ?? 50_000);
/** The bounds this bench checks (MiB): the gateway's and the registry's RSS once settled. */
const bounds = { gateway: 300, registry: 400 };
const sampleEvery = 2500;

const fields = ['id', 'name', 'code'];
const organizationFields = ['id', 'shortName', 'fullName', 'inn', 'ogrn', 'kind'];

/** The i-th distinct shape: one of four analyst views, with an alias and a selection of its own. */
function shape(data: DataSet, i: number): { query: string; variables?: Record<string, unknown> } {
  const alias = `v${i}`;
  const pick = (list: string[]) => list.filter((_, f) => (i >> f) & 1 || f === 0).join(' ');
  switch (i % 4) {
    case 0:
      return {
        query: `query S${i}($code: String!) { ${alias}: regionByCode(code: $code) { ${pick(fields)} municipalities { id name } } }`,
        variables: { code: data.regionCode },
      };
    case 1:
      return {
        query: `query S${i}($m: UUID!) { ${alias}: organizations(filter: { municipalityId: $m }, first: ${1 + (i % 20)}) { totalCount edges { node { ${pick(organizationFields)} } } } }`,
        variables: { m: data.municipalities[i % data.municipalities.length] },
      };
    case 2:
      return {
        query: `query S${i}($id: UUID!) { ${alias}: organization(id: $id) { ${pick(organizationFields)} statuses { id kind validFrom } } }`,
        variables: { id: data.schools[i % data.schools.length] },
      };
    default:
      return {
        query: `query S${i}($code: String!, $d: Date) { ${alias}: regionByCode(code: $code) { id municipalities { id statusCounts(activeOn: $d) { kind organizations } } } }`,
        variables: { code: data.regionCode, d: `2022-0${1 + (i % 9)}-${10 + (i % 19)}` },
      };
  }
}

async function heapMiB(p: BenchProcess): Promise<number> {
  const text = await (await fetch(`${p.baseUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('nodejs_heap_size_used_bytes '));
  return Number(line?.split(' ')[1] ?? 0) / 2 ** 20;
}

async function main(): Promise<void> {
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
      (await post(gateway.graphqlUrl, analyst, shape(data, 0))).cache === 'bypass';
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
    const sample = async (sent: number) =>
      samples.push({
        shapes: sent,
        gatewayRss: rssMiB(gateway.pid),
        gatewayHeap: await heapMiB(gateway),
        registryRss: rssMiB(registry.pid),
        registryHeap: await heapMiB(registry),
      });
    await sample(0);
    let next = 1;
    let errors = 0;
    const t0 = performance.now();
    const perEntryAt = 2000;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next <= shapes) {
          const i = next++;
          const answer = await post(gateway.graphqlUrl, analyst, shape(data, i));
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
      `Цена одной формы в шлюзе (рост кучи за первые ${perEntryAt} форм, все хранилища и кэш ответов): ${perShapeKiB.toFixed(1)} КиБ`,
      '',
    ];
    process.stdout.write(lines.join('\n'));
    const dir = join(workspaceRoot(), 'bench/results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `gateway-memory-${started.toISOString().slice(0, 16).replace(/[:T]/g, '-')}.json`);
    writeFileSync(
      file,
      `${JSON.stringify({ bench: 'gateway-memory', startedAt: started.toISOString(), machine: { cores: cpus().length, memoryGiB: totalmem() / 2 ** 30, node: process.version }, loadAverage: loadavg(), dataSet: data.describe, shapes, seconds, errors, perShapeKiB, result, samples }, null, 2)}\n`,
    );
    process.stdout.write(`Записано: ${file}\n`);
  } finally {
    await infra.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
