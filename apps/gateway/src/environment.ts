import { z } from 'zod';
import { authModel, httpModel, kafkaModel, loadEnvironmentOrExit, logModel } from '@opora/config';
import { localUrl, subgraphManifest } from '@opora/service-manifest';
import type { SubgraphUrlVariable } from '@opora/service-manifest';

const subgraphUrl = z.url({ message: 'ожидается адрес вида http://host:4001/graphql' });

/**
 * Where each subgraph of the manifest answers (REGISTRY_URL, …): overrides the URL written in
 * supergraph.graphql, which is docker-compose's.
 */
const subgraphUrls = Object.fromEntries(
  subgraphManifest.map((entry) => [entry.urlVariable, subgraphUrl.default(localUrl(entry))]),
) as Record<SubgraphUrlVariable, z.ZodDefault<typeof subgraphUrl>>;

/** The gateway's environment: the only file of the app that reads process.env. */
export const gatewayEnvironmentModel = z.object({
  ...httpModel,
  ...logModel,
  ...authModel,
  ...subgraphUrls,
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** The supergraph file (composed by `npm run supergraph` and checked in). */
  SUPERGRAPH_PATH: z.string().optional(),
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** How often the supergraph file is checked for changes (reloaded without a restart). */
  SUPERGRAPH_POLL_MS: z.coerce.number().int().min(100).max(600_000).default(2000),
  /** Identical subgraph queries in flight with the same token are sent once (docs/decisions.md §36). */
  GATEWAY_MERGE_REQUESTS: z
    .enum(['on', 'off'])
    .default('on')
    .transform((value) => value === 'on'),
  /**
   * Operation shapes remembered at once, each in three stores: parsed and validated documents,
   * query plans, persisted queries (docs/decisions.md §74: measured ≈ N KiB per shape).
   */
  GATEWAY_OPERATION_CACHE_ENTRIES: z.coerce.number().int().min(0).max(100_000).default(2000),
  /** Verified tokens remembered until their expiry (about 1 KiB each). */
  GATEWAY_TOKEN_CACHE_ENTRIES: z.coerce.number().int().min(0).max(1_000_000).default(10_000),
  /**
   * Kafka, for the response cache's invalidation from domain events. Without it the cache is off
   * (an answer could not be invalidated by writes that bypass the gateway).
   */
  KAFKA_BROKERS: kafkaModel.KAFKA_BROKERS.optional(),
  GATEWAY_CACHE: z
    .enum(['on', 'off'])
    .default('on')
    .transform((value) => value === 'on'),
  /**
   * Bytes the cached answers may hold (serialized answers and keys), 48 MiB by default: with 64
   * the gateway's RSS settled at up to 304 MiB with its caches full, above the 300 it is held to
   * (docs/decisions.md §74).
   */
  GATEWAY_CACHE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(48 * 1024 * 1024),
  /** Longest an answer is kept without an event (a backstop; events invalidate first). */
  GATEWAY_CACHE_TTL_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(5 * 60_000),
  /** Topics whose events invalidate cached answers; add each service's topic as it lands. */
  GATEWAY_CACHE_TOPICS: z
    .string()
    .default('opora.registry.events')
    .transform((value) =>
      value
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  /** Introspection for holders of a valid token (anonymous requests never reach GraphQL), or off. */
  GATEWAY_INTROSPECTION: z.enum(['authenticated', 'off']).default('authenticated'),
});

export type GatewayEnvironment = Readonly<z.infer<typeof gatewayEnvironmentModel>>;

/** Subgraph name → URL the gateway calls, for every subgraph of the manifest. */
export function subgraphUrlsOf(env: GatewayEnvironment): Record<string, string> {
  return Object.fromEntries(subgraphManifest.map((entry) => [entry.name, env[entry.urlVariable]]));
}

export const loadGatewayEnvironment = () =>
  loadEnvironmentOrExit('gateway', gatewayEnvironmentModel, process.env);

/**
 * @apollo/gateway otherwise exports usage metrics to Apollo's servers from every instance (unless
 * APOLLO_TELEMETRY_DISABLED): nothing of an authority's traffic leaves its network, and the export
 * costs a timer and a failing request in a closed one (docs/decisions.md §75).
 */
export function disableApolloTelemetry(): void {
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
}
