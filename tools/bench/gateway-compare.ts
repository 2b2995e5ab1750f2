/**
 * Benchmark of issue #13 point 1 (docs/decisions.md §73): our gateway side by side with Hive
 * Gateway (JS planner and Rust planner, with its defaults — merging of identical in-flight
 * subgraph requests on — and with merging off) over the same checked-in supergraph and the same
 * four subgraphs, and the registry called directly, on the analysts' operations.
 *
 *   npx nx run-many -t build && npm run bench:gateway -- [requests=400] [rounds=4]
 *
 * Data set through the services' own mutations: 1 region, 20 municipalities, 1,000 schools,
 * 5,000 status records (synthetic), then the demo `npm start` enters (the seed documents, the
 * Priozersky plan and events, the Moscow schools and results). Two mixes: the registry's four
 * analyst operations (every target, the registry directly too), and three cross-subgraph ones
 * (registry → agreements → events, events → registry → agreements, registry → monitoring; the
 * gateways only). Every target gets the same mix, round by round and interleaved, at 10 and 50
 * connections, with each connection its own analyst token (several analysts of one region) and
 * with one shared token. Before timing, every target must return the same JSON for every
 * operation. Our gateway and every subgraph run built (dist/, as deployed), Hive as its package
 * ships (plain JavaScript). Prints the figures and writes bench/results/gateway-compare-<date>.json.
 * Asserts nothing else.
 */
import { cpus, freemem, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';

import { workspaceRoot } from '@opora/provision';
import { subgraphManifest } from '@opora/service-manifest';
import { build, percentile } from '@opora/testing';

import {
  crossOperationNames,
  crossRequestFor,
  crossSubgraphOperations,
  loadCrossSubgraphData,
} from './cross-subgraph-data';

import {
  cpuSeconds,
  driveConnections,
  createdId,
  post,
  rssMiB,
  seedAnalystDataSet,
  startBuiltGateway,
  startInfra,
  startNodeProcess,
  subgraphRequests,
  supergraphFor,
  dataSetFigures,
  runBench,
  writeBenchResult,
} from './gateway-bench-setup';
import type { BenchProcess, DataSet } from './gateway-bench-setup';

const requestsPerRound = Number(process.argv[2] ?? 400);
const rounds = Number(process.argv[3] ?? 4);
const schoolCount = Number(process.env.BENCH_SCHOOLS ?? 1000);

/** The analysts' operations (docs/operations/), in the order each connection sends them. */
export const analystOperations = {
  CompareMunicipalities: `query CompareMunicipalities($code: String!, $date: Date) {
  regionByCode(code: $code) { id code name municipalities { id name statusCounts(activeOn: $date) { kind organizations } } }
}`,
  SchoolsHoldingStatusOnDate: `query SchoolsHoldingStatusOnDate($municipalityId: UUID!, $date: Date!) {
  organizations(filter: { municipalityId: $municipalityId, kind: SCHOOL, holdsStatus: { kind: LOW_RESULTS, activeOn: $date } }, first: 50) {
    totalCount edges { node { id shortName statuses { id kind validFrom heldThrough } } }
  }
}`,
  SchoolStatusHistory: `query SchoolStatusHistory($id: UUID!) {
  organization(id: $id) { id shortName municipality { id name }
    statusHistory { id kind theme validFrom validTo heldThrough state endReason endedOn assigningOrder { id kind number issuedOn } } }
}`,
  SchoolsPage: `query SchoolsPage($municipalityId: UUID) {
  organizations(filter: { kind: SCHOOL, municipalityId: $municipalityId }, first: 100) {
    totalCount edges { node { id shortName fullName municipality { id name } statuses { id kind theme validFrom validTo heldThrough } } }
  }
}`,
};
type OperationName = keyof typeof analystOperations;
const operationNames = Object.keys(analystOperations) as OperationName[];

const dates = ['2020-03-01', '2021-01-15', '2022-01-10', '2022-09-01'];

/**
 * The k-th request's operation and variables. Warm: analysts return to the same few views (4
 * dates, 20 municipalities, 50 schools). Cold: every request carries a variable never seen before
 * (`_nonce`, ignored by GraphQL), so no cached answer can serve it.
 */
export function requestFor(
  data: DataSet,
  k: number,
  cold: boolean,
): { query: string; variables: Record<string, unknown> } {
  const name = operationNames[k % operationNames.length];
  const j = Math.floor(k / operationNames.length);
  const variables: Record<string, unknown> = {
    CompareMunicipalities: () => ({ code: data.regionCode, date: dates[j % dates.length] }),
    SchoolsHoldingStatusOnDate: () => ({
      municipalityId: data.municipalities[j % data.municipalities.length],
      date: dates[(j >> 3) % dates.length],
    }),
    SchoolStatusHistory: () => ({ id: data.schools[(j * 7) % Math.min(50, data.schools.length)] }),
    SchoolsPage: () =>
      j % 2 === 0 ? {} : { municipalityId: data.municipalities[(j >> 1) % data.municipalities.length] },
  }[name]();
  if (cold) variables._nonce = `${process.pid}-${k}-${Math.random()}`;
  return { query: analystOperations[name], variables };
}

interface Target {
  name: string;
  process?: BenchProcess;
  url: string;
  cold: boolean;
}

/** A set of operations sent in turn, and the targets that can answer all of them. */
interface Mix {
  name: string;
  operationNames: readonly string[];
  operations: Record<string, string>;
  request: (k: number, cold: boolean) => { query: string; variables: Record<string, unknown> };
  targets: Target[];
  /** Requests per target and round. */
  requests: number;
}

interface Figures {
  requests: number;
  seconds: number;
  latencies: number[];
  cpu: number;
  /** CPU of every subgraph process. */
  subgraphCpu: number;
  subgraphCalls: number;
  hits: number;
  errors: number;
}

async function main(): Promise<void> {
  const infra = await startInfra(subgraphManifest.map((entry) => entry.name));
  const started = new Date();
  const loadBefore = loadavg();
  try {
    const { registry, sign } = infra;
    const admin = await sign({ subject: 'bench-admin', role: 'PLATFORM_ADMIN', regionCode: null });
    const seedStarted = performance.now();
    const data = await seedAnalystDataSet(registry.graphqlUrl, admin, {
      regionCode: '47',
      municipalityCount: 20,
      schoolCount,
    });
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    process.stdout.write(
      `Данные: ${data.describe} — записаны мутациями registry за ${seedSeconds.toFixed(0)} с\n`,
    );

    const subgraphProcesses = Object.values(infra.subgraphs);
    const supergraph = supergraphFor(
      Object.fromEntries(
        Object.entries(infra.subgraphs).map(([name, running]) => [name, running.graphqlUrl]),
      ),
    );
    const ours = (name: string, env: Record<string, string>) => startBuiltGateway(infra, name, env);
    const hive = async (name: string, env: Record<string, string>) => {
      const started = await startNodeProcess({
        name,
        args: [join(workspaceRoot(), 'tools/bench/hive-gateway.mjs')],
        env: { SUPERGRAPH: supergraph, ...env },
        readyPath: '/readiness',
      });
      infra.later(started.stop);
      return started;
    };
    // Every gateway of the run, for the RSS samples (each is stopped with the infra).
    const processes: BenchProcess[] = [];
    const keep = (p: BenchProcess) => {
      processes.push(p);
      return p;
    };
    const oursCached = keep(await ours('opora', { KAFKA_BROKERS: infra.brokers }));
    const oursUncached = keep(await ours('opora-uncached', { GATEWAY_CACHE: 'off' }));
    const hiveJs = keep(await hive('hive-js', {}));
    const hiveJsOff = keep(await hive('hive-js-nodedupe', { HIVE_DEDUPE: 'off' }));
    const hiveRust = keep(await hive('hive-rust', { HIVE_PLANNER: 'rust' }));
    const hiveRustOff = keep(await hive('hive-rust-nodedupe', { HIVE_PLANNER: 'rust', HIVE_DEDUPE: 'off' }));
    const targets: Target[] = [
      { name: 'opora (кэш, слияние)', process: oursCached, url: oursCached.graphqlUrl, cold: false },
      { name: 'opora, кэш холодный', process: oursCached, url: oursCached.graphqlUrl, cold: true },
      { name: 'opora без кэша', process: oursUncached, url: oursUncached.graphqlUrl, cold: false },
      { name: 'Hive JS', process: hiveJs, url: hiveJs.graphqlUrl, cold: false },
      { name: 'Hive JS, слияние выкл.', process: hiveJsOff, url: hiveJsOff.graphqlUrl, cold: false },
      { name: 'Hive Rust', process: hiveRust, url: hiveRust.graphqlUrl, cold: false },
      { name: 'Hive Rust, слияние выкл.', process: hiveRustOff, url: hiveRustOff.graphqlUrl, cold: false },
      { name: 'registry напрямую', url: registry.graphqlUrl, cold: false },
    ];

    const analysts = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        sign({ subject: `bench-analyst-${i}`, role: 'ANALYST', regionCode: '47' }),
      ),
    );

    // Our cached gateway serves from its cache only once its Kafka consumer has joined.
    for (let tries = 0; ; tries++) {
      const probe = await post(oursCached.graphqlUrl, analysts[0], requestFor(data, 0, false));
      if (probe.cache !== 'bypass') break;
      if (tries > 240) throw new Error('кэш ответов шлюза не включился за 2 минуты');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    // The cross-subgraph data: the demo entered through our uncached gateway, as `npm start` does.
    const demoStarted = performance.now();
    const cross = await loadCrossSubgraphData(oursUncached.graphqlUrl, sign, analysts[0]);
    process.stdout.write(
      `Данные: ${cross.describe} — за ${((performance.now() - demoStarted) / 1000).toFixed(0)} с\n`,
    );
    const mixes: Mix[] = [
      {
        name: 'registry: 4 операции аналитиков',
        operationNames,
        operations: analystOperations,
        request: (k, cold) => requestFor(data, k, cold),
        targets,
        requests: requestsPerRound,
      },
      {
        name: 'межподграфовые: registry, agreements, events, monitoring',
        operationNames: crossOperationNames,
        operations: crossSubgraphOperations,
        request: (k, cold) => {
          const { query, variables } = crossRequestFor(cross, k);
          return {
            query,
            variables: cold ? { ...variables, _nonce: `${process.pid}-${k}-${Math.random()}` } : variables,
          };
        },
        // No single subgraph answers these.
        targets: targets.filter((t) => t.name !== 'registry напрямую'),
        // A tenth of the subgraphs' time per request of the registry's mix goes to the gateways
        // here (monitoring computes every municipality's activity): fewer requests, same rounds.
        requests: Math.max(50, Math.round(requestsPerRound * 0.3)),
      },
    ];

    // Same JSON from every target, for every operation, before any timing.
    // k = 65, 69: SchoolsHoldingStatusOnDate on 2022-01-10, when ШНОР schools exist (not only empty lists).
    const answerBytes: Record<string, number> = {};
    for (const mix of mixes) {
      const ks =
        mix.targets.length === targets.length ? [0, 1, 2, 3, 4, 5, 6, 7, 65, 69] : [...Array(12).keys()];
      for (const k of ks) {
        const request = mix.request(k, false);
        const name = mix.operationNames[k % mix.operationNames.length];
        const answers = await Promise.all(mix.targets.map((t) => post(t.url, analysts[0], request)));
        const reference = JSON.stringify(answers[answers.length - 1].json.data);
        if (!answers[answers.length - 1].json.data || answers.some((a) => a.json.errors))
          throw new Error(`${name}: ошибки ${JSON.stringify(answers.map((a) => a.json.errors))}`);
        for (const [i, answer] of answers.entries())
          if (JSON.stringify(answer.json.data) !== reference)
            throw new Error(
              `${mix.targets[i].name} ответил на ${name} иначе, чем ${mix.targets[answers.length - 1].name}:\n${JSON.stringify(answer.json.data).slice(0, 400)}\n${reference.slice(0, 400)}`,
            );
        answerBytes[name] ??= Buffer.byteLength(JSON.stringify(answers[0].json));
      }
    }
    process.stdout.write(
      `Одинаковые ответы у всех целей; размеры ответов: ${Object.entries(answerBytes)
        .map(([n, bytes]) => `${n} ${(bytes / 1024).toFixed(1)} КБ`)
        .join(', ')}\n`,
    );

    const peakRss = new Map<string, number>();
    const sampleRss = () => {
      for (const p of [...subgraphProcesses, ...processes])
        peakRss.set(p.name, Math.max(peakRss.get(p.name) ?? 0, rssMiB(p.pid)));
    };
    let sequence = 0;
    const subgraphCalls = async () =>
      (await Promise.all(subgraphProcesses.map((p) => subgraphRequests(p.baseUrl)))).reduce(
        (a, b) => a + b,
        0,
      );
    const subgraphsCpu = () => subgraphProcesses.reduce((sum, p) => sum + cpuSeconds(p.pid), 0);
    const runLoad = async (
      mix: Mix,
      target: Target,
      connections: number,
      tokenOf: (c: number) => string,
      count: number,
    ) => {
      const perConnection = Math.ceil(count / connections);
      const figures: Figures = {
        requests: perConnection * connections,
        seconds: 0,
        latencies: [],
        cpu: 0,
        subgraphCpu: 0,
        subgraphCalls: 0,
        hits: 0,
        errors: 0,
      };
      const callsBefore = await subgraphCalls();
      const cpuBefore = target.process ? cpuSeconds(target.process.pid) : 0;
      const subgraphCpuBefore = subgraphsCpu();
      const timed = await driveConnections(connections, perConnection, async (c) => {
        const answer = await post(target.url, tokenOf(c), mix.request(sequence++, target.cold));
        if (answer.cache === 'hit') figures.hits++;
        if (!answer.json.data || answer.json.errors) figures.errors++;
      });
      figures.seconds = timed.seconds;
      figures.latencies = timed.latencies;
      figures.cpu = target.process ? cpuSeconds(target.process.pid) - cpuBefore : 0;
      figures.subgraphCpu = subgraphsCpu() - subgraphCpuBefore;
      figures.subgraphCalls = (await subgraphCalls()) - callsBefore;
      sampleRss();
      return figures;
    };

    const cells: Record<string, unknown>[] = [];
    const lines: string[] = [];
    for (const mix of mixes) {
      const { targets } = mix;
      // Warm-up: JIT, pools, planners' caches.
      for (const target of targets) await runLoad(mix, target, 10, (c) => analysts[c], 200);
      lines.push(
        '',
        `=== Смесь «${mix.name}» (${mix.operationNames.join(', ')}), цели: ${targets.length} ===`,
      );
      for (const connections of [10, 50])
        for (const [tokens, tokenOf] of [
          ['свой токен у каждого соединения', (c: number) => analysts[c]],
          ['один общий токен', () => analysts[0]],
        ] as [string, (c: number) => string][]) {
          const totals = targets.map(() => [] as Figures[]);
          for (let round = 0; round < rounds; round++)
            for (let t = 0; t < targets.length; t++) {
              const index = (t + round) % targets.length;
              totals[index].push(await runLoad(mix, targets[index], connections, tokenOf, mix.requests));
            }
          const rows = targets.map((target, t) => {
            const runs = totals[t];
            const sum = (f: (x: Figures) => number) => runs.reduce((s, x) => s + f(x), 0);
            const requests = sum((x) => x.requests);
            const latencies = runs.flatMap((x) => x.latencies).sort((a, b) => a - b);
            return {
              target: target.name,
              requests,
              requestsPerSecond: requests / sum((x) => x.seconds),
              p50Ms: percentile(latencies, 50),
              p95Ms: percentile(latencies, 95),
              p99Ms: percentile(latencies, 99),
              gatewayCpuMsPerRequest: target.process ? (sum((x) => x.cpu) * 1000) / requests : null,
              subgraphCpuMsPerRequest: (sum((x) => x.subgraphCpu) * 1000) / requests,
              subgraphCallsPerRequest: sum((x) => x.subgraphCalls) / requests,
              cacheHitRatio: sum((x) => x.hits) / requests,
              errors: sum((x) => x.errors),
            };
          });
          const rate = (name: string) => rows.find((r) => r.target === name)?.requestsPerSecond ?? Number.NaN;
          const ratios = {
            oursToHiveRust: rate('opora (кэш, слияние)') / rate('Hive Rust'),
            oursToHiveJs: rate('opora (кэш, слияние)') / rate('Hive JS'),
            coldToHiveJs: rate('opora, кэш холодный') / rate('Hive JS'),
            coldToHiveRust: rate('opora, кэш холодный') / rate('Hive Rust'),
            uncachedToHiveJs: rate('opora без кэша') / rate('Hive JS'),
            uncachedToHiveRust: rate('opora без кэша') / rate('Hive Rust'),
            cachedToUncached: rate('opora (кэш, слияние)') / rate('opora без кэша'),
            oursToRegistry: rate('opora (кэш, слияние)') / rate('registry напрямую'),
            uncachedToRegistry: rate('opora без кэша') / rate('registry напрямую'),
          };
          // The same ratios round by round (targets of one round run back to back, under the same
          // load of the shared machine): their median and spread say more than the totals when the
          // machine's load changes during the run.
          const roundRate = (name: string, round: number) => {
            const figures = totals[targets.findIndex((t) => t.name === name)][round];
            return figures.requests / figures.seconds;
          };
          const byRound = (a: string, b: string) => {
            const values = Array.from({ length: rounds }, (_, r) => roundRate(a, r) / roundRate(b, r)).sort(
              (x, y) => x - y,
            );
            return { median: percentile(values, 50), min: values[0], max: values[values.length - 1] };
          };
          const roundRatios = {
            oursToHiveRust: byRound('opora (кэш, слияние)', 'Hive Rust'),
            coldToHiveJs: byRound('opora, кэш холодный', 'Hive JS'),
            coldToHiveRust: byRound('opora, кэш холодный', 'Hive Rust'),
            uncachedToHiveJs: byRound('opora без кэша', 'Hive JS'),
            cachedToUncached: byRound('opora (кэш, слияние)', 'opora без кэша'),
          };
          cells.push({ mix: mix.name, connections, tokens, rows, ratios, roundRatios });
          lines.push(`${connections} соединений, ${tokens}:`);
          lines.push(
            `  ${'цель'.padEnd(26)} ${'запр./с'.padStart(8)} ${'p50 мс'.padStart(7)} ${'p95 мс'.padStart(7)} ${'p99 мс'.padStart(7)} ${'ЦП шлюза'.padStart(9)} ${'ЦП подгр.'.padStart(11)} ${'вызовов'.padStart(8)} ${'попад.'.padStart(7)}`,
          );
          for (const r of rows)
            lines.push(
              `  ${r.target.padEnd(26)} ${r.requestsPerSecond.toFixed(0).padStart(8)} ${r.p50Ms.toFixed(1).padStart(7)} ${r.p95Ms.toFixed(1).padStart(7)} ${r.p99Ms.toFixed(1).padStart(7)} ${(r.gatewayCpuMsPerRequest === null ? '—' : r.gatewayCpuMsPerRequest.toFixed(2)).padStart(9)} ${r.subgraphCpuMsPerRequest.toFixed(2).padStart(11)} ${r.subgraphCallsPerRequest.toFixed(2).padStart(8)} ${(r.cacheHitRatio * 100).toFixed(0).padStart(6)}%${r.errors ? ` ОШИБОК ${r.errors}` : ''}`,
            );
          lines.push(
            `  отношения: наш/Hive Rust ×${ratios.oursToHiveRust.toFixed(2)}, наш/Hive JS ×${ratios.oursToHiveJs.toFixed(2)}, холодный/Hive JS ×${ratios.coldToHiveJs.toFixed(2)}, без кэша/Hive JS ×${ratios.uncachedToHiveJs.toFixed(2)}, без кэша/Hive Rust ×${ratios.uncachedToHiveRust.toFixed(2)}, с кэшем/без ×${ratios.cachedToUncached.toFixed(2)}, наш/registry ×${ratios.oursToRegistry.toFixed(2)}`,
          );
          const spread = (r: { median: number; min: number; max: number }) =>
            `×${r.median.toFixed(2)} (${r.min.toFixed(2)}–${r.max.toFixed(2)})`;
          lines.push(
            `  по раундам, медиана (мин–макс): наш/Hive Rust ${spread(roundRatios.oursToHiveRust)}, холодный/Hive JS ${spread(roundRatios.coldToHiveJs)}, холодный/Hive Rust ${spread(roundRatios.coldToHiveRust)}, без кэша/Hive JS ${spread(roundRatios.uncachedToHiveJs)}, с кэшем/без ${spread(roundRatios.cachedToUncached)}`,
          );
        }
    }
    // Staleness after a write that does not pass through the gateway (straight to the registry,
    // as another service's consumer, the scheduler or the import CLI write): from the write's
    // answer to the first fresh answer through the cached gateway.
    const countQuery = {
      query:
        'query Count($m: UUID!) { organizations(filter: { municipalityId: $m }, first: 1) { totalCount } }',
      variables: { m: data.municipalities[0] },
    };
    const countOf = async () => {
      const answer = await post(oursCached.graphqlUrl, analysts[0], countQuery);
      return {
        n: (answer.json.data?.organizations as { totalCount: number }).totalCount,
        cache: answer.cache,
      };
    };
    const lags: number[] = [];
    for (let w = 0; w < 30; w++) {
      await countOf();
      const before = await countOf();
      await createdId(
        registry.graphqlUrl,
        admin,
        'mutation($i: RegisterOrganizationInput!) { registerOrganization(input: $i) { id } }',
        {
          i: build.school(data.municipalities[0]),
        },
      );
      const written = performance.now();
      for (;;) {
        if ((await countOf()).n === before.n + 1) break;
        if (performance.now() - written > 30_000) throw new Error('запись не дошла до кэша шлюза за 30 с');
      }
      lags.push(performance.now() - written);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    lags.sort((a, b) => a - b);
    const eventLag = {
      writes: lags.length,
      p50Ms: percentile(lags, 50),
      p95Ms: percentile(lags, 95),
      maxMs: lags[lags.length - 1],
    };
    lines.push(
      `Устаревание после записи мимо шлюза (${eventLag.writes} записей прямо в registry, чтение через кэш до свежего ответа): p50 ${eventLag.p50Ms.toFixed(0)} мс, p95 ${eventLag.p95Ms.toFixed(0)} мс, наибольшее ${eventLag.maxMs.toFixed(0)} мс`,
    );
    const loadAfter = loadavg();
    const machine = {
      cpu: cpus()[0]?.model,
      cores: cpus().length,
      memoryGiB: +(totalmem() / 2 ** 30).toFixed(1),
      freeMemoryGiB: +(freemem() / 2 ** 30).toFixed(1),
      node: process.version,
      kernel: release(),
    };
    const rss = Object.fromEntries([...peakRss].map(([name, mib]) => [name, +mib.toFixed(0)]));
    const header = [
      '',
      `Машина: ${machine.cpu}, ${machine.cores} ядра, ${machine.memoryGiB} ГиБ, Node ${machine.node}; loadavg до ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, после ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`,
      `Данные: ${data.describe}; ${cross.describe}; в каждой смеси операции по очереди`,
      `По ${mixes.map((m) => m.requests).join(' и ')} запросов на цель за раунд (смеси по порядку), ${rounds} раунда, цели вперемежку; ЦП — мс процессорного времени процесса на запрос`,
    ];
    const footer = [
      `RSS под нагрузкой (пик, МиБ): ${Object.entries(rss)
        .map(([n, m]) => `${n} ${m}`)
        .join(', ')}`,
      '',
    ];
    process.stdout.write([...header, ...lines, ...footer].join('\n'));
    writeBenchResult('gateway-compare', started, {
      machine,
      loadAverage: { before: loadBefore, after: loadAfter },
      dataSet: { ...dataSetFigures(data), crossSubgraph: cross.describe, answerBytes },
      parameters: {
        requestsPerRound,
        rounds,
        connections: [10, 50],
        operations: { ...analystOperations, ...crossSubgraphOperations },
      },
      cells,
      staleAfterWrite: eventLag,
      peakRssMiB: rss,
    });
  } finally {
    await infra.stop();
  }
}

if (require.main === module) runBench(main);
