import type { Server } from 'node:http';
import { join } from 'node:path';

import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { Histogram } from 'prom-client';
import {
  armor,
  formatGatewayError,
  limits,
  playgroundRoutes,
  SubgraphDataSource,
  watchedSupergraph,
} from '@opora/gateway';
import type { GatewayContext } from '@opora/gateway';
import { createLogger } from '@opora/logger';
import {
  authorizationOf,
  createServiceMetrics,
  sendJson,
  serveApollo,
  tokenVerifierFromEnvironment,
  translateGraphQLJsError,
} from '@opora/subgraph-server';

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
  const urls: Record<string, string> = { registry: env.REGISTRY_URL };
  const gateway = new ApolloGateway({
    supergraphSdl: watchedSupergraph(supergraphPath(env), env.SUPERGRAPH_POLL_MS, logger),
    buildService: ({ name, url }) =>
      new SubgraphDataSource(name, urls[name] ?? url ?? '', env.SUBGRAPH_TIMEOUT_MS, subgraphLatency),
  });
  const protection = armor();
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    // Every request is authenticated before it gets here (anonymous ones get 401), so
    // introspection is only ever answered to holders of a valid token — or to no one.
    introspection: env.GATEWAY_INTROSPECTION === 'authenticated',
    persistedQueries: { ttl: 24 * 3600 },
    validationRules: protection.validationRules,
    plugins: [...protection.plugins, metrics.plugin],
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
    verifyToken: tokenVerifierFromEnvironment(env),
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
    },
  };
}
