/**
 * What the gateway benchmarks share (docs/decisions.md §73): PostgreSQL, a temporary Kafka, the
 * registry and the gateways as processes of their own (built JavaScript, the deployable form), the
 * analysts' data set written through the registry's own mutations, and the figures read from
 * /proc (CPU time, RSS) and /metrics (subgraph calls).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { dropDatabase } from '@opora/database';
import { freePort, stopProcess, waitForChild, workspaceRoot } from '@opora/provision';
import { deployedNodeEnvironment, distEntry } from '@opora/service-manifest';
import type { SubgraphName } from '@opora/service-manifest';
import { build, gatewayUrlsOf } from '@opora/testing';

import { provideBenchBase } from './bench-base';
import type { BenchBase } from './bench-base';

export interface BenchProcess {
  name: string;
  pid: number;
  graphqlUrl: string;
  baseUrl: string;
  stop: () => Promise<void>;
}

/** Starts `node <args>` (no tsx: built JavaScript) and waits until GET `readyPath` answers 200. */
export async function startNodeProcess(options: {
  name: string;
  args: string[];
  env: Record<string, string>;
  readyPath?: string;
  graphqlPath?: string;
}): Promise<BenchProcess> {
  const root = workspaceRoot();
  const port = await freePort();
  // BENCH_CPU_PROF=<dir>: V8 CPU profiles of our processes, written when they stop.
  const profile = process.env.BENCH_CPU_PROF && !options.args.some((a) => a.endsWith('.mjs'));
  const args = profile
    ? [
        `--cpu-prof`,
        `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`,
        `--cpu-prof-name=${options.name}.cpuprofile`,
        ...options.args,
      ]
    : options.args;
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', ...options.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForChild(child, {
    name: options.name,
    ready: async () => {
      try {
        const response = await fetch(`${baseUrl}${options.readyPath ?? '/readyz'}`, {
          signal: AbortSignal.timeout(2000),
        });
        await response.arrayBuffer();
        return response.ok;
      } catch {
        return false;
      }
    },
    outputTail: () => output.slice(-3000),
    timeoutMs: 90_000,
    graceMs: 20_000,
  });
  return {
    name: options.name,
    pid: child.pid!,
    baseUrl,
    graphqlUrl: `${baseUrl}${options.graphqlPath ?? '/graphql'}`,
    stop: () => stopProcess(child, 20_000),
  };
}

/**
 * `connections` clients at once, each sending `perConnection` requests one after another
 * (`send(connection)`); the latency of each request (ms) and the wall time of all (s).
 */
export async function driveConnections(
  connections: number,
  perConnection: number,
  send: (connection: number) => Promise<void>,
): Promise<{ seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async (_, c) => {
      for (let i = 0; i < perConnection; i++) {
        const sent = performance.now();
        await send(c);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  return { seconds: (performance.now() - t0) / 1000, latencies };
}

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** Resident set size of the process, MiB. */
export function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.match(/\d+/)?.[0] ?? 0) / 1024;
}

/** GraphQL requests the registry has answered (its own counter). */
export async function subgraphRequests(baseUrl: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('opora_http_graphql_requests_total{'))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

export interface GraphQLAnswer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export async function post(
  url: string,
  token: string,
  body: unknown,
): Promise<{ status: number; json: GraphQLAnswer; cache: string | null }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    json: (await response.json()) as GraphQLAnswer,
    cache: response.headers.get('x-opora-cache'),
  };
}

/** A mutation that must succeed; the id of what it created. */
export async function createdId(
  url: string,
  token: string,
  query: string,
  variables: unknown,
): Promise<string> {
  const { json } = await post(url, token, { query, variables });
  if (!json.data || json.errors) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(json.errors)}`);
  return (Object.values(json.data)[0] as { id: string }).id;
}

export interface BenchInfra extends BenchBase {
  registry: BenchProcess;
  /** Every subgraph started (the registry always), each built, on a database of its own. */
  subgraphs: Partial<Record<SubgraphName, BenchProcess>>;
  /**
   * Another registry process on the same database and broker, from another build (`main.js` of
   * an older commit): old and new measured side by side on the same data (docs/decisions.md §80).
   */
  startRegistry: (name: string, mainJs: string) => Promise<BenchProcess>;
  /** Stops everything started, in reverse order. */
  stop: () => Promise<void>;
  later: (stop: () => Promise<void>) => void;
}

/** A subgraph's environment in a benchmark: its own database, the broker, quiet logs, on 127.0.0.1. */
export function benchSubgraphEnvironment(
  base: Pick<BenchBase, 'auth' | 'databaseUrl' | 'brokers'>,
  database: string,
): Record<string, string> {
  return {
    ...base.auth,
    DATABASE_URL: base.databaseUrl,
    DATABASE_NAME: database,
    KAFKA_BROKERS: base.brokers,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
}

/**
 * The bench base (provideBenchBase) and the subgraphs asked for (the registry always), built,
 * each as its own process on a fresh database of its own.
 */
export async function startInfra(subgraphNames: readonly SubgraphName[] = []): Promise<BenchInfra> {
  const stops: (() => Promise<void>)[] = [];
  const later = (stop: () => Promise<void>) => void stops.unshift(stop);
  const stop = async () => {
    for (const s of stops) await s().catch(() => undefined);
  };
  try {
    const base = await provideBenchBase(later);
    const run = randomUUID().slice(0, 8);
    const databaseOf = (name: SubgraphName) => `bench_gw_${name}_${run}`;
    const startSubgraph = async (name: SubgraphName, processName: string = name, mainJs?: string) => {
      const entry = builtEntry(name, mainJs);
      const started = await startNodeProcess({
        name: processName,
        args: entry.args,
        env: {
          ...entry.env,
          ...benchSubgraphEnvironment(base, databaseOf(name)),
          // The registry's scheduler ends statuses whose period ran out: not part of a benchmark.
          ...(name === 'registry' ? { SCHEDULER_INTERVAL_MS: '0' } : {}),
        },
      });
      later(started.stop);
      return started;
    };
    const subgraphs: Partial<Record<SubgraphName, BenchProcess>> = {};
    await Promise.all(
      [...new Set<SubgraphName>(['registry', ...subgraphNames])].map(async (name) => {
        later(() => dropDatabase(base.databaseUrl, databaseOf(name)));
        subgraphs[name] = await startSubgraph(name);
      }),
    );
    return {
      ...base,
      registry: subgraphs.registry!,
      subgraphs,
      startRegistry: (name, mainJs) => startSubgraph('registry', name, mainJs),
      stop,
      later,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Our gateway, built and started as deployed, over every subgraph the infra started; `env` adds
 * its own settings (KAFKA_BROKERS for the response cache, GATEWAY_CACHE=off…). Stopped with the infra.
 */
export async function startBuiltGateway(
  infra: BenchInfra,
  name: string,
  env: Record<string, string>,
): Promise<BenchProcess> {
  const entry = builtEntry('gateway');
  const gateway = await startNodeProcess({
    name,
    args: entry.args,
    env: {
      ...entry.env,
      ...infra.auth,
      ...gatewayUrlsOf(infra.subgraphs),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
  infra.later(gateway.stop);
  return gateway;
}

/** Where `npx nx run-many -t build` puts the app's entry. */
export const builtFile = (app: 'gateway' | SubgraphName) => join(workspaceRoot(), distEntry(app));

/**
 * How an app's built entry (`npx nx run-many -t build` first) is started as deployed: node's
 * arguments, and its V8 flags (NODE_OPTIONS) and environment from the manifest's runtime, the same
 * as docker-compose.yml's (docs/decisions.md §74). BENCH_HEAP_LIMIT=off leaves the runtime out, to
 * measure what it changes.
 */
export function builtEntry(
  app: 'gateway' | SubgraphName,
  file = builtFile(app),
): { args: string[]; env: Record<string, string> } {
  if (!existsSync(file)) throw new Error(`${file} не найден: сначала npx nx run-many -t build`);
  return { args: [file], env: process.env.BENCH_HEAP_LIMIT === 'off' ? {} : deployedNodeEnvironment(app) };
}

/** The checked-in supergraph with the subgraphs' URLs of this run, for Hive Gateway. */
export function supergraphFor(urls: Partial<Record<SubgraphName, string>>): string {
  let text = readFileSync(join(workspaceRoot(), 'apps/gateway/supergraph.graphql'), 'utf8');
  for (const [name, url] of Object.entries(urls))
    text = text.replace(new RegExp(`(@join__graph\\(name: "${name}", url: )"[^"]*"`), `$1"${url}"`);
  const file = join(mkdtempSync(join(tmpdir(), 'opora-bench-supergraph-')), 'supergraph.graphql');
  writeFileSync(file, text);
  return file;
}

export interface DataSet {
  regionCode: string;
  regionId: string;
  municipalities: string[];
  schools: string[];
  statuses: number;
  describe: string;
}

async function inParallel<T>(items: T[], width: number, work: (item: T, index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index], index);
      }
    }),
  );
}

/**
 * 1 region, `municipalityCount` municipalities (each with its education authority and one order),
 * `schoolCount` schools and five status records per school, all through the registry's mutations
 * (its own rules, its outbox): three yearly ШССУ periods, a ШНОР year (every fifth school: a
 * leader status since 2022-09-01 instead), a regional innovation site.
 */
export async function seedAnalystDataSet(
  url: string,
  adminToken: string,
  options: { regionCode: string; municipalityCount: number; schoolCount: number },
): Promise<DataSet> {
  const call = (query: string, variables: unknown) => createdId(url, adminToken, query, variables);
  const regionId = await call(`mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }`, {
    i: build.region({ code: options.regionCode, name: 'Ленинградская область' }),
  });
  const municipalities: string[] = [];
  const orders: string[] = [];
  for (let m = 0; m < options.municipalityCount; m++) {
    const municipalityId = await call(
      `mutation($i: CreateMunicipalityInput!) { createMunicipality(input: $i) { id } }`,
      {
        i: build.municipality(regionId, { name: `Муниципальный район ${m + 1}` }),
      },
    );
    const authorityId = await call(
      `mutation($i: RegisterOrganizationInput!) { registerOrganization(input: $i) { id } }`,
      {
        i: build.school(municipalityId, {
          kind: 'EDUCATION_AUTHORITY',
          authorityLevel: 'MUNICIPAL',
          fullName: `Комитет образования района ${m + 1}`,
        }),
      },
    );
    const orderId = await call(`mutation($i: IssueOrderInput!) { issueOrder(input: $i) { id } }`, {
      i: {
        issuerId: authorityId,
        kind: 'DIRECTIVE',
        number: `${m + 1}-р`,
        issuedOn: '2019-08-20',
        title: 'О статусах школ',
      },
    });
    municipalities.push(municipalityId);
    orders.push(orderId);
  }
  const schools: string[] = new Array<string>(options.schoolCount);
  await inParallel(
    Array.from({ length: options.schoolCount }, (_, i) => i),
    6,
    async (i) => {
      const m = i % municipalities.length;
      const organizationId = await call(
        `mutation($i: RegisterOrganizationInput!) { registerOrganization(input: $i) { id } }`,
        {
          i: build.school(municipalities[m], {
            fullName: `Муниципальное общеобразовательное учреждение «Средняя общеобразовательная школа № ${i + 1}»`,
            shortName: `МОУ «СОШ № ${i + 1}»`,
          }),
        },
      );
      schools[i] = organizationId;
      const leader = i % 5 === 0;
      const records: Record<string, unknown>[] = [
        { kind: 'UNFAVOURABLE_CONDITIONS', theme: 'ШССУ', validFrom: '2019-09-01', validTo: '2020-08-31' },
        { kind: 'UNFAVOURABLE_CONDITIONS', theme: 'ШССУ', validFrom: '2020-09-01', validTo: '2021-08-31' },
        { kind: 'UNFAVOURABLE_CONDITIONS', theme: 'ШССУ', validFrom: '2021-09-01', validTo: '2022-08-31' },
        leader
          ? {
              kind: 'LEADER_SCHOOL',
              theme: 'Методическая поддержка ШНОР',
              grounds: ['Наиболее высокие результаты ГИА (002 §1.3)'],
              validFrom: '2022-09-01',
            }
          : { kind: 'LOW_RESULTS', theme: 'ШНОР', validFrom: '2021-09-01', validTo: '2022-08-31' },
        {
          kind: 'REGIONAL_INNOVATION_SITE',
          theme: 'Цифровая образовательная среда',
          grounds: ['Региональная инновационная площадка'],
          validFrom: '2020-01-01',
          validTo: '2023-12-31',
        },
      ];
      for (const record of records)
        await call(`mutation($i: AssignStatusInput!) { assignStatus(input: $i) { id } }`, {
          i: { organizationId, assigningOrderId: orders[m], ...record },
        });
    },
  );
  return {
    regionCode: options.regionCode,
    regionId,
    municipalities,
    schools,
    statuses: schools.length * 5,
    describe: `1 регион, ${municipalities.length} муниципалитетов, ${schools.length} школ, ${schools.length * 5} записей о статусах`,
  };
}

/** A data set's figures as the result files record them. */
export const dataSetFigures = (data: DataSet) => ({
  description: data.describe,
  municipalities: data.municipalities.length,
  schools: data.schools.length,
  statusRecords: data.statuses,
});

/** Writes a bench's figures to bench/results/<bench>-<start, to the minute>.json and says where. */
export function writeBenchResult(bench: string, started: Date, figures: Record<string, unknown>): string {
  const dir = join(workspaceRoot(), 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${bench}-${started.toISOString().slice(0, 16).replace(/[:T]/g, '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ bench, startedAt: started.toISOString(), ...figures }, null, 2)}\n`,
  );
  process.stdout.write(`Записано: ${file}\n`);
  return file;
}

/** Runs a bench's main: its error's stack on stderr and exit 1. */
export function runBench(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
