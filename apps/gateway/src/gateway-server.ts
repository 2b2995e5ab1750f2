import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { hostname } from 'node:os';
import { join } from 'node:path';

import { ApolloGateway } from '@apollo/gateway';
import type { QueryPlan } from '@apollo/query-planner';
import { ApolloServer } from '@apollo/server';
import type { DocumentNode } from 'graphql';
import { Counter, Gauge, Histogram } from 'prom-client';
import {
  armor,
  cachedTokenVerifier,
  formatGatewayError,
  limits,
  playgroundRoutes,
  ResponseCache,
  responseCacheFront,
  startCacheInvalidation,
  SubgraphDataSource,
  watchedSupergraph,
} from '@opora/gateway';
import type { GatewayContext } from '@opora/gateway';
import { createLogger } from '@opora/logger';
import type { Logger } from '@opora/logger';
import { createKafka } from '@opora/messaging';
import type { ServiceMetrics } from '@opora/subgraph-server';
import {
  authorizationOf,
  createServiceMetrics,
  EntryBoundedCache,
  sendJson,
  serveApollo,
  tokenVerifierFromEnvironment,
  translateGraphQLJsError,
} from '@opora/subgraph-server';

import { disableApolloTelemetry, subgraphUrlsOf } from './environment';
import type { GatewayEnvironment } from './environment';

export interface RunningGateway {
  url: string;
  server: Server;
  stop: () => Promise<void>;
}

export function supergraphPath(env: GatewayEnvironment): string {
  return env.SUPERGRAPH_PATH ?? join(__dirname, '..', 'supergraph.graphql');
}

/**
 * The one door: @apollo/gateway over the supergraph file (reloaded when it changes), served by
 * @apollo/server on node:http. Every /graphql request needs a valid token (401 otherwise), which
 * is passed on to the subgraphs; graphql-armor limits, no batching, CSRF prevention, automatic
 * persisted queries; /healthz, /readyz, /metrics and the offline /playground.
 */
export async function startGateway(env: GatewayEnvironment): Promise<RunningGateway> {
  const logger = createLogger({ service: 'gateway', level: env.LOG_LEVEL, pretty: env.LOG_PRETTY });
  const metrics = createServiceMetrics('gateway');
  const subgraphLatency = new Histogram({
    name: 'opora_subgraph_request_duration_seconds',
    help: 'Time of one gateway → subgraph call, by subgraph and outcome (HTTP status, timeout, unreachable)',
    labelNames: ['subgraph', 'outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metrics.registry],
  });
  const mergedRequests = new Counter({
    name: 'opora_subgraph_requests_merged_total',
    help: 'Subgraph queries not sent because the same query with the same token was already in flight',
    labelNames: ['subgraph'] as const,
    registers: [metrics.registry],
  });
  const urls = subgraphUrlsOf(env);
  disableApolloTelemetry();
  // Parsed documents, query plans and persisted queries: bounded by entry count, each entry's
  // cost measured by bench:gateway:memory (docs/decisions.md §74).
  const operationEntries = env.GATEWAY_OPERATION_CACHE_ENTRIES;
  const stores = {
    documents: new EntryBoundedCache<DocumentNode>(operationEntries),
    plans: new EntryBoundedCache<QueryPlan>(operationEntries),
    persisted: new EntryBoundedCache<string>(operationEntries),
  };
  new Gauge({
    name: 'opora_gateway_operation_store_entries',
    help: 'Operation shapes held by the gateway, by store (documents, plans, persisted); each at most GATEWAY_OPERATION_CACHE_ENTRIES',
    labelNames: ['store'] as const,
    registers: [metrics.registry],
    collect() {
      for (const [store, cache] of Object.entries(stores)) this.set({ store }, cache.size);
    },
  });
  const gateway = new ApolloGateway({
    queryPlannerConfig: { cache: stores.plans },
    supergraphSdl: watchedSupergraph(supergraphPath(env), env.SUPERGRAPH_POLL_MS, logger),
    buildService: ({ name, url }) =>
      new SubgraphDataSource(
        name,
        urls[name] ?? url ?? '',
        env.SUBGRAPH_TIMEOUT_MS,
        subgraphLatency,
        env.GATEWAY_MERGE_REQUESTS ? mergedRequests : undefined,
      ),
  });
  const cache = startResponseCache(env, logger, metrics);
  const protection = armor();
  const apollo = new ApolloServer<GatewayContext>({
    // Signals are handled once by the service (runService, main.ts), which stops in order.
    stopOnTerminationSignals: false,
    gateway,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    // Every request is authenticated before it gets here (anonymous ones get 401), so
    // introspection is only ever answered to holders of a valid token — or to no one.
    introspection: env.GATEWAY_INTROSPECTION === 'authenticated',
    persistedQueries: { ttl: 24 * 3600, cache: stores.persisted },
    documentStore: stores.documents,
    validationRules: protection.validationRules,
    plugins: [...protection.plugins, metrics.plugin, ...cache.plugins],
    stringifyResult: cache.stringifyResult,
    parseOptions: { maxTokens: limits.maxTokens },
    formatError: (formatted, error) => formatGatewayError(translateGraphQLJsError(formatted, error)),
  });
  await apollo.start();

  const http = await serveApollo<GatewayContext>({
    apollo,
    logger,
    host: env.HOST,
    port: env.PORT,
    bodyLimit: 1024 * 1024,
    // Each subgraph still verifies the token on its own; the gateway remembers its verdict.
    verifyToken: cachedTokenVerifier(tokenVerifierFromEnvironment(env), {
      maxEntries: env.GATEWAY_TOKEN_CACHE_ENTRIES,
      maxAgeMs: 10 * 60_000,
    }),
    metrics,
    context: (requestId, req, principal) =>
      Promise.resolve({
        requestId,
        principal,
        authorization: authorizationOf(req),
        logger: logger.child({ requestId, subject: principal.subject, role: principal.role }),
      }),
    routes: {
      '/healthz': (_req, res) => sendJson(res, 200, { status: 'ok', service: 'gateway' }),
      '/readyz': (_req, res) => sendJson(res, 200, { status: 'ready', service: 'gateway' }),
      ...playgroundRoutes(),
    },
  });
  const { server, url } = http;
  logger.info({ url }, 'gateway ready');
  return {
    url,
    server,
    stop: async () => {
      await http.close();
      await apollo.stop();
      await cache.stop();
    },
  };
}

/**
 * The response cache (docs/decisions.md §38) with its Kafka invalidation and its metrics; no
 * plugin when it is off or Kafka is not configured.
 */
function startResponseCache(env: GatewayEnvironment, logger: Logger, metrics: ServiceMetrics) {
  if (!env.GATEWAY_CACHE || !env.KAFKA_BROKERS)
    return { plugins: [], stringifyResult: undefined, stop: () => Promise.resolve() };
  const cache = new ResponseCache({ maxBytes: env.GATEWAY_CACHE_MAX_BYTES, ttlMs: env.GATEWAY_CACHE_TTL_MS });
  const outcomes = new Counter({
    name: 'opora_gateway_cache_requests_total',
    help: 'Operations by response cache outcome: hit, miss, bypass (mutations; invalidation not running)',
    labelNames: ['outcome'] as const,
    registers: [metrics.registry],
  });
  const invalidations = new Counter({
    name: 'opora_gateway_cache_invalidated_entries_total',
    help: 'Cached answers removed by invalidation, by reason (event, region, rejoin, unreadable)',
    labelNames: ['reason'] as const,
    registers: [metrics.registry],
  });
  new Gauge({
    name: 'opora_gateway_cache_bytes',
    help: 'Bytes held by cached answers (serialized answers and keys, 2 per character, plus entry overhead)',
    registers: [metrics.registry],
    collect() {
      this.set(cache.bytes);
    },
  });
  new Gauge({
    name: 'opora_gateway_cache_entries',
    help: 'Cached answers',
    registers: [metrics.registry],
    collect() {
      this.set(cache.size);
    },
  });
  // Every instance its own group: each must see every event.
  const groupId = `opora.gateway.cache.${hostname()}.${process.pid}.${randomUUID().slice(0, 8)}`;
  const invalidation = startCacheInvalidation({
    kafka: createKafka({ brokers: env.KAFKA_BROKERS, clientId: 'gateway' }, logger),
    groupId,
    topics: env.GATEWAY_CACHE_TOPICS,
    cache,
    logger,
    onInvalidated: (entries, reason) => invalidations.inc({ reason }, entries),
  });
  const front = responseCacheFront({
    cache,
    ready: invalidation.ready,
    onOutcome: (outcome) => outcomes.inc({ outcome }),
  });
  return { plugins: [front.plugin], stringifyResult: front.stringifyResult, stop: invalidation.stop };
}
