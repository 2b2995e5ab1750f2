import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';

import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { createLogger } from '@opora/logger';
import type { Logger } from '@opora/logger';
import { sendJson, serveApollo } from '@opora/subgraph-server';

import type { GatewayEnvironment } from './environment';

interface GatewayContext {
  requestId: string;
  logger: Logger;
}

/** Forwards the request id to the subgraphs, with a per-call timeout. */
class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly timeoutMs: number,
  ) {
    super({ url });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const requestId = (context as Partial<GatewayContext>).requestId;
    if (requestId) request.http?.headers.set('x-request-id', requestId);
  }

  /**
   * Apollo Server answers a request whose variables do not fit the schema (a malformed UUID)
   * with HTTP 400 and GraphQL errors. That is the subgraph's answer, not a transport failure:
   * it is handed on as a 200 so that clients get its code, field and Russian message.
   */
  override fetcher = async (input: string, init?: RequestInit): Promise<never> => {
    const response = await fetch(input, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    if (response.status === 400 && response.headers.get('content-type')?.includes('application/json')) {
      const text = await response.text();
      const isGraphQLAnswer = (() => {
        try {
          return Array.isArray((JSON.parse(text) as { errors?: unknown }).errors);
        } catch {
          return false;
        }
      })();
      return new Response(text, { status: isGraphQLAnswer ? 200 : 400, headers: response.headers }) as never;
    }
    return response as never;
  };
}

export interface RunningGateway {
  url: string;
  server: Server;
  stop: () => Promise<void>;
}

export function supergraphPath(env: GatewayEnvironment): string {
  return env.SUPERGRAPH_PATH ?? join(__dirname, '..', 'supergraph.graphql');
}

/**
 * The one door: @apollo/gateway over the checked-in supergraph, served by @apollo/server on
 * node:http, with /healthz and /readyz. Subgraph URLs come from the environment.
 */
export async function startGateway(env: GatewayEnvironment): Promise<RunningGateway> {
  const logger = createLogger({ service: 'gateway', level: env.LOG_LEVEL, pretty: env.LOG_PRETTY });
  const urls: Record<string, string> = { registry: env.REGISTRY_URL };
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(supergraphPath(env), 'utf8'),
    buildService: ({ name, url }) => new SubgraphDataSource(urls[name] ?? url ?? '', env.SUBGRAPH_TIMEOUT_MS),
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
  });
  await apollo.start();

  const http = await serveApollo<GatewayContext>({
    apollo,
    logger,
    host: env.HOST,
    port: env.PORT,
    bodyLimit: 1024 * 1024,
    context: (requestId) => Promise.resolve({ requestId, logger: logger.child({ requestId }) }),
    routes: {
      '/healthz': (_req, res) => sendJson(res, 200, { status: 'ok', service: 'gateway' }),
      '/readyz': (_req, res) => sendJson(res, 200, { status: 'ready', service: 'gateway' }),
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
