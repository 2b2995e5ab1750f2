/**
 * docker-compose.yml is written from the subgraph manifest (`npm run compose`): PostgreSQL, Kafka,
 * one service per subgraph with the variables of its `.env.example` (addresses rewritten for the
 * compose network), and the gateway pointed at every subgraph. Every app runs its built JavaScript
 * from the image of the root Dockerfile (docs/decisions.md §78). A spec fails when the checked-in
 * file is stale, so adding a subgraph to the manifest cannot leave the deployment behind; another
 * starts every app with the file's own command lines from the build output alone.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { composeUrl, deployedNodeEnvironment, distEntry, subgraphManifest } from '@opora/service-manifest';
import type { SubgraphManifestEntry } from '@opora/service-manifest';

export const COMPOSE_FILE = 'docker-compose.yml';

/** Variables of an app's .env.example in their order, with the example values. */
export function envExample(root: string, app: string): [string, string][] {
  return readFileSync(join(root, 'apps', app, '.env.example'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const at = line.indexOf('=');
      return [line.slice(0, at), line.slice(at + 1)];
    });
}

/** Where the image holds the app: the Dockerfile's WORKDIR. */
export const IMAGE_ROOT = '/opora';

/** Values that differ inside the compose network from a developer's machine. */
function composeValue(name: string, value: string, port: number, database?: string): string {
  switch (name) {
    case 'DATABASE_URL':
      return 'postgres://postgres:postgres@postgres:5432/postgres';
    case 'DATABASE_NAME':
      return database ?? value;
    case 'KAFKA_BROKERS':
      return 'kafka:9092';
    case 'HOST':
      return '0.0.0.0';
    case 'PORT':
      return String(port);
    case 'AUTH_PUBLIC_KEY_FILE':
      return `${IMAGE_ROOT}/.data/keys/public.pem`;
    default:
      return value;
  }
}

/** YAML scalars as the file writes them: strings that YAML would read otherwise are quoted. */
function yamlValue(value: string): string {
  if (value === '') return "''";
  if (value === 'true' || value === 'false') return `'${value}'`;
  return value;
}

function environment(vars: [string, string][]): string {
  return vars.map(([name, value]) => `      ${name}: ${yamlValue(value)}`).join('\n');
}

function healthcheck(port: number): string {
  return `    healthcheck:
      test: ['CMD', 'node', '-e', "fetch('http://127.0.0.1:${port}/readyz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
      interval: 10s
      timeout: 5s
      retries: 12`;
}

/**
 * How node runs the app (V8's heap flags in NODE_OPTIONS, the allocator's environment), from the
 * manifest's runtime: the benchmarks start the processes they measure the same way
 * (docs/decisions.md §74, §76).
 */
function nodeRuntime(app: string): [string, string][] {
  return Object.entries(deployedNodeEnvironment(app));
}

/** The app's built entry, run by plain node: no tsx, no source in the image. */
function command(app: string): string {
  return `    command: ['node', '${distEntry(app)}']`;
}

function subgraphService(root: string, entry: SubgraphManifestEntry): string {
  const vars = envExample(root, entry.name).map(
    ([name, value]) => [name, composeValue(name, value, entry.port, entry.database)] as [string, string],
  );
  return `  ${entry.name}:
    <<: *node-app
${command(entry.name)}
    environment:
${environment([...nodeRuntime(entry.name), ...vars])}
    depends_on:
      postgres: { condition: service_healthy }
      kafka: { condition: service_healthy }
${healthcheck(entry.port)}`;
}

function gatewayService(root: string): string {
  const urls = new Map<string, string>(
    subgraphManifest.map((entry) => [entry.urlVariable, composeUrl(entry)]),
  );
  const vars = envExample(root, 'gateway')
    .filter(([name]) => !urls.has(name))
    .map(([name, value]) => [name, composeValue(name, value, 4000)] as [string, string]);
  return `  gateway:
    <<: *node-app
${command('gateway')}
    environment:
${environment([...nodeRuntime('gateway'), ...urls.entries(), ...vars])}
    ports: ['4000:4000']
    depends_on:
${subgraphManifest.map((entry) => `      ${entry.name}: { condition: service_healthy }`).join('\n')}
${healthcheck(4000)}`;
}

export function renderDockerCompose(root: string): string {
  return `# Generated from libs/service-manifest by \`npm run compose\` (a spec fails when it is stale): edit
# the manifest or an app's .env.example, not this file.
#
# For people who deploy with Docker: \`docker compose build\`, then \`docker compose up\`. Every app
# runs its built JavaScript from the image of the root Dockerfile (dist/ and production
# dependencies only; README, "Deploy"). The project's own machines run no Docker engine: there,
# \`npm start\` provisions PostgreSQL and Kafka itself. Access tokens are verified with
# AUTH_PUBLIC_KEY_FILE (put the identity provider's key in .data/keys, mounted read-only, or set
# AUTH_JWKS_URL); for a trial, \`npm run token -- --role REGION_ADMIN --region 47\` creates a
# development pair in .data/keys.
name: opora

x-node-app: &node-app
  build: .
  image: opora
  volumes: ['./.data/keys:${IMAGE_ROOT}/.data/keys:ro']
  restart: unless-stopped

services:
  postgres:
    image: postgres:16
    environment:
      POSTGRES_USER: postgres
      POSTGRES_PASSWORD: postgres
    volumes: ['postgres-data:/var/lib/postgresql/data']
    healthcheck:
      test: ['CMD-SHELL', 'pg_isready -U postgres']
      interval: 5s
      timeout: 3s
      retries: 20

  kafka:
    image: apache/kafka:4.1.1
    environment:
      KAFKA_NODE_ID: 1
      KAFKA_PROCESS_ROLES: broker,controller
      KAFKA_LISTENERS: PLAINTEXT://:9092,CONTROLLER://:9093
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:9092
      KAFKA_CONTROLLER_LISTENER_NAMES: CONTROLLER
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
      KAFKA_CONTROLLER_QUORUM_VOTERS: 1@kafka:9093
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: 1
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: 1
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: 1
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false'
    volumes: ['kafka-data:/var/lib/kafka/data']
    healthcheck:
      test: ['CMD-SHELL', '/opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:9092 > /dev/null']
      interval: 10s
      timeout: 10s
      retries: 20

${subgraphManifest.map((entry) => subgraphService(root, entry)).join('\n\n')}

${gatewayService(root)}

volumes:
  postgres-data:
  kafka-data:
`;
}

if (require.main === module) {
  const root = join(__dirname, '../..');
  writeFileSync(join(root, COMPOSE_FILE), renderDockerCompose(root));
  process.stdout.write(`${COMPOSE_FILE} обновлён\n`);
}
