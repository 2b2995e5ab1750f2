import { z } from 'zod';
import { authModel, httpModel, kafkaModel, loadEnvironmentOrExit, logModel } from '@opora/config';

const subgraphUrl = z.url({ message: 'ожидается адрес вида http://host:4001/graphql' });

/** The gateway's environment: the only file of the app that reads process.env. */
export const gatewayEnvironmentModel = z.object({
  ...httpModel,
  ...logModel,
  ...authModel,
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** Where each subgraph answers; overrides the URLs written in supergraph.graphql. */
  REGISTRY_URL: subgraphUrl.default('http://127.0.0.1:4001/graphql'),
  /** The supergraph file (composed by `npm run supergraph` and checked in). */
  SUPERGRAPH_PATH: z.string().optional(),
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** How often the supergraph file is checked for changes (reloaded without a restart). */
  SUPERGRAPH_POLL_MS: z.coerce.number().int().min(100).max(600_000).default(2000),
  /** Introspection for holders of a valid token (anonymous requests never reach GraphQL), or off. */
  /** Identical subgraph queries in flight with the same token are sent once (docs/decisions.md §36). */
  GATEWAY_MERGE_REQUESTS: z
    .enum(['on', 'off'])
    .default('on')
    .transform((value) => value === 'on'),
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
  /** Bytes the cached answers may hold (serialized answers and keys), 64 MiB by default. */
  GATEWAY_CACHE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(64 * 1024 * 1024),
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
  GATEWAY_INTROSPECTION: z.enum(['authenticated', 'off']).default('authenticated'),
});

export type GatewayEnvironment = Readonly<z.infer<typeof gatewayEnvironmentModel>>;

export const loadGatewayEnvironment = () =>
  loadEnvironmentOrExit('gateway', gatewayEnvironmentModel, process.env);
