import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';
import { deployedNodeEnvironment, distEntry, subgraphManifest } from '@opora/service-manifest';

import { COMPOSE_FILE, renderDockerCompose } from '../compose/docker-compose';

const root = join(__dirname, '../..');

interface ComposeService {
  build?: string;
  image?: string;
  volumes?: string[];
  command?: string[];
  environment?: Record<string, unknown>;
  healthcheck?: { test: unknown };
  depends_on?: Record<string, { condition: string }>;
}

/** Variables an app documents in its .env.example: the environment its environment.ts reads. */
function envExampleKeys(app: string): string[] {
  return readFileSync(join(root, 'apps', app, '.env.example'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split('=')[0]);
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
  const apps = readdirSync(join(root, 'apps'));

  it('runs PostgreSQL and Kafka (KRaft) with healthchecks', () => {
    expect(compose.services.postgres.healthcheck).toBeDefined();
    expect(compose.services.kafka.healthcheck).toBeDefined();
    expect(compose.services.kafka.environment).toMatchObject({
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: 1,
    });
  });

  it.each(apps)(
    'has the app %s with a healthcheck, its built entry point and every variable of its .env.example',
    (app) => {
      const service = compose.services[app];
      expect(service).toBeDefined();
      expect(service.healthcheck).toBeDefined();
      expect(service.command).toEqual(['node', distEntry(app)]);
      // The image of the root Dockerfile, no source mounted: only the keys, read-only (§78).
      expect(service.build).toBe('.');
      expect(service.volumes).toEqual(['./.data/keys:/opora/.data/keys:ro']);
      expect(service.environment).not.toHaveProperty('TSX_TSCONFIG_PATH');
      expect(Object.keys(service.environment ?? {}).sort()).toEqual(
        expect.arrayContaining(envExampleKeys(app).sort()),
      );
    },
  );

  it.each(apps)(
    "runs %s with the manifest's node runtime, the one the benchmarks measure (docs/decisions.md §74)",
    (app) => {
      expect(compose.services[app].environment).toMatchObject(deployedNodeEnvironment(app));
      expect(String(compose.services[app].environment?.NODE_OPTIONS)).toMatch(/--max-old-space-size=\d+/);
    },
  );

  it(`is what the subgraph manifest gives (run \`npm run compose\` when this fails)`, () => {
    expect(readFileSync(join(root, COMPOSE_FILE), 'utf8')).toBe(renderDockerCompose(root));
  });

  it.each(subgraphManifest.map((entry) => [entry.name, entry]))(
    'starts the subgraph %s after its database and broker are healthy, on its own database, and the gateway after it',
    (name, entry) => {
      const service = compose.services[name];
      expect(service.depends_on).toEqual({
        postgres: { condition: 'service_healthy' },
        kafka: { condition: 'service_healthy' },
      });
      expect(service.environment).toMatchObject({ DATABASE_NAME: entry.database, PORT: entry.port });
      expect(compose.services.gateway.depends_on?.[name]).toEqual({ condition: 'service_healthy' });
      expect(compose.services.gateway.environment?.[entry.urlVariable]).toBe(
        `http://${name}:${entry.port}/graphql`,
      );
    },
  );
});
