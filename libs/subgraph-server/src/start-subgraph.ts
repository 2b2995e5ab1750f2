import type { Server } from 'node:http';

import { ApolloServer } from '@apollo/server';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import type { DocumentNode } from 'graphql';
import type { TokenVerifier } from '@opora/auth';
import type { Logger } from '@opora/logger';

import { serveApollo } from './apollo-http';
import type { RouteHandler } from './apollo-http';
import { connectionTypeDefs } from './connection';
import { EntryBoundedCache } from './entry-bounded-cache';
import { formatSubgraphError } from './errors';
import { sendJson } from './http';
import { createServiceMetrics } from './metrics';
import type { ServiceMetrics } from './metrics';
import type { BaseContext } from './request-context';
import { scalarResolvers, scalarTypeDefs } from './scalars';

export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

export interface SubgraphOptions<Context extends BaseContext> {
  name: string;
  host: string;
  port: number;
  logger: Logger;
  /** One module per feature: its SDL (which may start with its own `extend schema @link`) and resolvers. */
  modules: SubgraphModule[];
  /** Builds the per-request context: request-scoped DataLoaders live here. */
  createContext: (base: BaseContext) => Context | Promise<Context>;
  /** What /readyz checks (database, Kafka…); each must answer within 2 s. */
  readiness: ReadinessCheck[];
  /** Run in order at shutdown after the server stops accepting requests (flush the relay, close…). */
  onShutdown: (() => Promise<void>)[];
  /** Verifies the caller's token on every /graphql request (the same token the gateway verified). */
  verifyToken: TokenVerifier;
  /** Metrics of the service (created here when not given); GET /metrics serves them. */
  metrics?: ServiceMetrics;
  /** Extra plain HTTP routes by exact path (the health routes cannot be replaced). */
  routes?: Record<string, RouteHandler>;
  /** Largest request body accepted, bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Parsed operations remembered (2,000 by default; docs/decisions.md §74). */
  documentStoreEntries?: number;
}

/** One module as buildSubgraphSchema takes it, named from its public signature. */
type SchemaModule = Exclude<
  Extract<Parameters<typeof buildSubgraphSchema>[0], readonly unknown[]>[number],
  DocumentNode
>;

/**
 * A feature's SDL and its resolvers. The resolvers are typed by the app, with the types
 * graphql-codegen generates from the same SDL (the compiler checks every field against it).
 */
export interface SubgraphModule {
  typeDefs: string;
  resolvers: NonNullable<SchemaModule['resolvers']>;
}

export interface RunningSubgraph {
  url: string;
  metrics: ServiceMetrics;
  server: Server;
  stop: () => Promise<void>;
}

/**
 * Turns a service's SDL and resolvers into a running Federation 2 subgraph: buildSubgraphSchema +
 * @apollo/server on node:http, POST /graphql, GET /healthz (process alive), GET /readyz
 * (dependencies reachable), GET /metrics (Prometheus), errors with stable extensions.code, shared scalars, a request id per
 * request (x-request-id, generated when absent) in every log line, and graceful shutdown.
 */
export async function startSubgraph<Context extends BaseContext>(
  options: SubgraphOptions<Context>,
): Promise<RunningSubgraph> {
  const { logger } = options;
  const metrics = options.metrics ?? createServiceMetrics(options.name);
  const schema = buildSubgraphSchema([
    { typeDefs: parse(scalarTypeDefs), resolvers: scalarResolvers },
    ...mergeLinks([...options.modules.map((m) => m.typeDefs), connectionTypeDefs]).map((sdl, i) => ({
      typeDefs: parse(sdl),
      resolvers: options.modules[i]?.resolvers ?? {},
    })),
  ]);
  const apollo = new ApolloServer<Context>({
    // Signals are handled once by the service (runService), which stops its parts in order.
    stopOnTerminationSignals: false,
    schema,
    formatError: (formatted, error) => {
      const result = formatSubgraphError(formatted, error);
      if (result.extensions?.code === 'INTERNAL_SERVER_ERROR')
        logger.error({ err: error }, 'unexpected resolver error');
      return result;
    },
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // Parsed and validated operations, by count (docs/decisions.md §74): Apollo's default sizes
    // them by JSON length, a fraction of what they hold, and let a subgraph grow by hundreds of MiB.
    documentStore: new EntryBoundedCache(options.documentStoreEntries ?? 2000),
    // Federated tracing is for Apollo's cloud; this system keeps its telemetry local. Apollo's
    // cache-control plugin is off: no schema has a @cacheControl hint, so it only ever computed
    // `no-store`, at the price of a hook around every field resolved (docs/decisions.md §80).
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      answersNotStored,
      metrics.plugin,
    ],
  });
  await apollo.start();

  let accepting = true;
  const http = await serveApollo<Context>({
    apollo,
    logger,
    host: options.host,
    port: options.port,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    verifyToken: options.verifyToken,
    metrics,
    context: (requestId, _req, principal) =>
      Promise.resolve(
        options.createContext({
          requestId,
          principal,
          logger: logger.child({ requestId, subject: principal.subject, role: principal.role }),
        }),
      ),
    routes: {
      ...options.routes,
      '/healthz': (_req, res) => sendJson(res, 200, { status: 'ok', service: options.name }),
      '/readyz': async (_req, res) => sendJson(res, ...(await readiness(options.readiness, accepting))),
    },
  });
  const { server, url } = http;
  logger.info({ url }, `${options.name} subgraph ready`);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      accepting = false;
      logger.info('shutting down: no new connections, draining requests');
      await http.close();
      await apollo.stop();
      for (const hook of options.onShutdown) {
        try {
          await hook();
        } catch (error) {
          logger.error({ err: error }, 'shutdown step failed');
        }
      }
      logger.info('stopped');
    })();
    return stopping;
  };
  return { url, server, stop, metrics };
}

/**
 * What Apollo's cache-control plugin answered on every response of a schema without hints, said
 * without it: answers are not to be stored by HTTP caches (the gateway caches by events, §38).
 */
const answersNotStored: ApolloServerPlugin = {
  requestDidStart: () =>
    Promise.resolve({
      willSendResponse: ({ response }) => {
        response.http.headers.set('cache-control', 'no-store');
        return Promise.resolve();
      },
    }),
};

/** The whole SDL of a subgraph, as served: shared scalars and connection types plus the features' files. */
export function subgraphSdl(featureSdl: string[]): string {
  return [...mergeLinks([...featureSdl, connectionTypeDefs]), scalarTypeDefs].join('\n');
}

/**
 * Each feature's SDL may carry its own `extend schema @link(...federation...)`; the subgraph
 * schema may have only one such link, so the imports are merged into the first file's link.
 */
export function mergeLinks(typeDefs: string[]): string[] {
  const linkPattern =
    /extend\s+schema\s+@link\(\s*url:\s*"(https:\/\/specs\.apollo\.dev\/federation\/v[\d.]+)"\s*,\s*import:\s*\[([^\]]*)\]\s*\)/;
  const imports = new Set<string>();
  let url: string | undefined;
  const stripped = typeDefs.map((sdl) => {
    const match = linkPattern.exec(sdl);
    if (!match) return sdl;
    url ??= match[1];
    for (const name of match[2]
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean))
      imports.add(name);
    return sdl.replace(linkPattern, '');
  });
  if (!url) return typeDefs;
  stripped[0] = `extend schema @link(url: "${url}", import: [${[...imports].join(', ')}])\n${stripped[0]}`;
  return stripped;
}

async function readiness(checks: ReadinessCheck[], accepting: boolean): Promise<[number, unknown]> {
  if (!accepting) return [503, { status: 'stopping' }];
  const results = await Promise.all(
    checks.map(async ({ name, check }) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          check(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('нет ответа за 2 с')), 2000);
          }),
        ]);
        return { name, ok: true };
      } catch (error) {
        return { name, ok: false, error: (error as Error).message };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const ok = results.every((r) => r.ok);
  return [ok ? 200 : 503, { status: ok ? 'ready' : 'not ready', checks: results }];
}
