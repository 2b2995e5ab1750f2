import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { parse } from 'yaml';
import { freePort, startServiceProcess } from '@opora/provision';
import type { ServiceProcess } from '@opora/provision';
import { subgraphManifest } from '@opora/service-manifest';
import type { SubgraphName } from '@opora/service-manifest';
import {
  build,
  gatewayUrlsOf,
  graphqlOk,
  randomOgrn,
  runImportCli,
  startSubgraphProcess,
  testInfra,
  testKeys,
  uniqueSuffix,
} from '@opora/testing';
import type { TestSubgraphProcess } from '@opora/testing';

import { COMPOSE_FILE, IMAGE_ROOT } from '../compose/docker-compose';

/**
 * The deployable form, proved without a Docker engine (docs/decisions.md §78). Every app is built
 * by Nx, then started with the command line and environment docker-compose.yml gives it, from a
 * folder holding only what the image holds: dist/, the production packages (the non-dev packages
 * of package-lock.json, what `npm ci --omit=dev` installs) and the mounted public key. A command
 * pointing at nothing, a file the bundles read that the build does not copy (an SDL, the
 * supergraph, a playground asset, docs/operations) or a package left in devDependencies fails it.
 */

const root = join(__dirname, '../..');

interface ComposeService {
  command: string[];
  environment: Record<string, string | number>;
}

function composeServices(): Record<string, ComposeService> {
  const text = readFileSync(join(root, COMPOSE_FILE), 'utf8');
  return (parse(text, { merge: true }) as { services: Record<string, ComposeService> }).services;
}

/** The build output, fresh: a file the build stopped copying must not survive from an earlier run. */
function buildEveryApp(): void {
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  execFileSync(join(root, 'node_modules/.bin/nx'), ['run-many', '-t', 'build', '--output-style=static'], {
    cwd: root,
    env: { ...process.env, NX_DAEMON: 'false' },
    stdio: 'pipe',
  });
}

/** Top-level packages `npm ci --omit=dev` installs: package-lock.json's entries not marked dev. */
function productionPackages(): string[] {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path.startsWith('node_modules/') && !entry.dev)
    .map(([path]) => path.slice('node_modules/'.length))
    .filter((name) => !name.includes('/node_modules/'));
}

/**
 * The image's /opora in a temporary folder: a copy of dist/, node_modules with the production
 * packages only (links to the workspace's installed ones) and .data/keys with the run's public key.
 */
function imageFolder(): string {
  const image = mkdtempSync(join(tmpdir(), 'opora-image-'));
  cpSync(join(root, 'dist'), join(image, 'dist'), { recursive: true });
  for (const name of productionPackages()) {
    const installed = join(root, 'node_modules', name);
    if (!existsSync(installed)) continue; // an optional package of another platform
    mkdirSync(dirname(join(image, 'node_modules', name)), { recursive: true });
    symlinkSync(installed, join(image, 'node_modules', name), 'dir');
  }
  mkdirSync(join(image, '.data/keys'), { recursive: true });
  cpSync(testKeys().publicKeyFile, join(image, '.data/keys/public.pem'));
  return image;
}

/** Bare specifiers the bundles load: require(), require.resolve(), import(). */
function importedPackages(dir: string): Set<string> {
  const packages = new Set<string>();
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
  for (const file of files) {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const [, specifier] of text.matchAll(
      /\b(?:require(?:\.resolve)?|import)\(\s*["']([^"']+)["']\s*\)/g,
    )) {
      if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) continue;
      const [first, second] = specifier.split('/');
      const name = first.startsWith('@') ? `${first}/${second}` : first;
      if (!builtinModules.includes(name)) packages.add(name);
    }
  }
  return packages;
}

/**
 * A service's compose environment on this machine: the compose network's addresses and ports are
 * the run's (set by the start helpers), the key file is the image folder's, and consumer groups
 * are this spec's own so that it shares no partitions with specs running beside it.
 */
function onThisMachine(service: ComposeService, image: string): Record<string, string> {
  const suffix = uniqueSuffix();
  const machineSpecific = ['DATABASE_URL', 'DATABASE_NAME', 'KAFKA_BROKERS', 'HOST', 'PORT', 'LOG_LEVEL'];
  return Object.fromEntries(
    Object.entries(service.environment)
      .filter(([name]) => !machineSpecific.includes(name))
      .map(([name, value]) => {
        const text = String(value);
        if (name === 'AUTH_PUBLIC_KEY_FILE') return [name, text.replace(IMAGE_ROOT, image)];
        if (name.endsWith('_GROUP')) return [name, `${text}.deployable.${suffix}`];
        return [name, text];
      }),
  );
}

/** `node`'s arguments from a compose command (`['node', …]`), run in the image's folder. */
function launchOf(service: ComposeService, image: string) {
  expect(service.command[0]).toBe('node');
  expect(existsSync(join(image, service.command[service.command.length - 1]))).toBe(true);
  return { nodeArgs: service.command.slice(1), cwd: image };
}

/** As the Dockerfile's runtime stage: production mode, nothing but node_modules to resolve from. */
const imageEnvironment = { NODE_ENV: 'production', NODE_PATH: '', HOST: '127.0.0.1', LOG_LEVEL: 'warn' };

describe('the deployable form: built JavaScript, started as docker-compose.yml says', () => {
  const services = composeServices();
  let image: string;
  const subgraphs: Partial<Record<SubgraphName, TestSubgraphProcess>> = {};
  let gateway: ServiceProcess;

  beforeAll(async () => {
    buildEveryApp();
    image = imageFolder();
    await Promise.all(
      subgraphManifest.map(async ({ name }) => {
        subgraphs[name] = await startSubgraphProcess(name, {
          prefix: `deployable_${name}`,
          launch: launchOf(services[name], image),
          env: {
            ...onThisMachine(services[name], image),
            ...imageEnvironment,
            // The registry's scheduler off and its agreements group its own, as in the gateway's specs.
            ...(name === 'registry'
              ? {
                  SCHEDULER_INTERVAL_MS: '0',
                  AGREEMENTS_CONSUMER_GROUP: `registry.agreements.deployable.${uniqueSuffix()}`,
                }
              : {}),
          },
        });
      }),
    );
    gateway = await startServiceProcess({
      name: 'gateway',
      ...launchOf(services.gateway, image),
      port: await freePort(),
      env: { ...onThisMachine(services.gateway, image), ...imageEnvironment, ...gatewayUrlsOf(subgraphs) },
    });
  }, 110_000);

  afterAll(async () => {
    await gateway?.stop();
    await Promise.all(Object.values(subgraphs).map((running) => running.stop()));
    if (image) rmSync(image, { recursive: true, force: true });
  });

  it('imports, from every bundle, only packages of package.json "dependencies"', () => {
    const { dependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const imported = [...importedPackages(join(root, 'dist'))].sort();
    expect(imported).toEqual(expect.arrayContaining(['@apollo/gateway', 'graphql', 'typeorm']));
    expect(imported.filter((name) => !(name in dependencies))).toEqual([]);
  });

  it.each([...subgraphManifest.map(({ name }) => name), 'gateway'])('%s answers /readyz', async (name) => {
    const running = name === 'gateway' ? gateway : subgraphs[name as SubgraphName]!;
    const response = await fetch(`${running.baseUrl}/readyz`);
    expect(response.status).toBe(200);
  });

  it('answers through the built gateway from every subgraph, migrations applied', async () => {
    const url = gateway.graphqlUrl;
    const region = build.region({ code: '47', name: 'Ленинградская область' });
    await graphqlOk(url, `mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }`, {
      i: region,
    });
    const answer = await graphqlOk(
      url,
      `query($event: UUID!) {
        regions { code }
        agreements(first: 1) { totalCount }
        event(id: $event) { id }
        indicators { code }
      }`,
      { event: randomUUID() },
    );
    expect(answer.regions).toEqual([{ code: '47' }]);
    expect(answer.agreements).toEqual({ totalCount: 0 });
    expect(answer.event).toBeNull();
    // The indicator catalogue is written by the monitoring service's migration.
    expect(answer.indicators.length).toBeGreaterThan(0);
  });

  it('serves the playground with its assets and the example operations of docs/operations', async () => {
    const page = await fetch(`${gateway.baseUrl}/playground`);
    expect(page.status).toBe(200);
    const graphiql = await fetch(`${gateway.baseUrl}/playground/graphiql.js`);
    expect(graphiql.status).toBe(200);
    const operations = (await (
      await fetch(`${gateway.baseUrl}/playground/operations.json`)
    ).json()) as unknown[];
    expect(operations.length).toBeGreaterThan(0);
  });

  it("runs the registry's built commands in the image: migrations (up to date) and an import of schools", async () => {
    const registry = subgraphs.registry!;
    // As `docker compose run registry node dist/apps/registry/migrate.js up`: the service's environment.
    const migrate = execFileSync(process.execPath, ['dist/apps/registry/migrate.js', 'up'], {
      cwd: image,
      env: {
        PATH: process.env.PATH ?? '',
        ...onThisMachine(services.registry, image),
        ...imageEnvironment,
        DATABASE_URL: testInfra().databaseUrl,
        DATABASE_NAME: registry.database,
        KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
      },
    });
    expect(migrate.toString('utf8')).not.toMatch(/error/i);
    const url = gateway.graphqlUrl;
    await graphqlOk(url, `mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }`, {
      i: build.region({ code: '78', name: 'Санкт-Петербург' }),
    });
    const file = join(image, 'школы.csv');
    writeFileSync(
      file,
      `ОГРН;Полное наименование;Краткое наименование;Муниципальное образование\n${randomOgrn()};Школа из образа;Школа из образа;Василеостровский район\n`,
    );
    const imported = await runImportCli(
      ['--file', file, '--region', '78', '--create-municipalities'],
      registry.database,
      {
        cwd: image,
      },
    );
    expect(imported).toMatchObject({ code: 0 });
    const answer = await graphqlOk<{ organizations: { edges: { node: { shortName: string } }[] } }>(
      url,
      `{ organizations(filter: { search: "Школа из образа" }, first: 5) { edges { node { shortName } } } }`,
    );
    expect(answer.organizations.edges.map((e) => e.node.shortName)).toEqual(['Школа из образа']);
  });
});
