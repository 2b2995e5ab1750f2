import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { HeaderMap } from '@apollo/server';
import type { ApolloServer, BaseContext as ApolloBaseContext } from '@apollo/server';
import type { Logger } from '@opora/logger';

import { BodyTooLargeError, readBody, sendJson } from './http';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface ApolloHttpOptions<Context extends ApolloBaseContext> {
  apollo: ApolloServer<Context>;
  logger: Logger;
  host: string;
  port: number;
  /** Largest request body accepted, bytes. */
  bodyLimit: number;
  context: (requestId: string, req: IncomingMessage) => Promise<Context>;
  /** Other paths (health, metrics, playground…) by exact path. */
  routes?: Record<string, RouteHandler>;
}

export interface ApolloHttpServer {
  server: Server;
  url: string;
  /** Stops accepting connections and waits for requests under way. */
  close: () => Promise<void>;
}

/**
 * Serves an ApolloServer at POST/GET /graphql on node:http (Apollo's integration API), with a
 * body size limit, a request id (x-request-id from the caller when well-formed, else new) and
 * extra routes. Shared by the gateway and every subgraph.
 */
export async function serveApollo<Context extends ApolloBaseContext>(
  options: ApolloHttpOptions<Context>,
): Promise<ApolloHttpServer> {
  const { apollo, logger, bodyLimit } = options;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = options.routes?.[url.pathname];
    if (route) return route(req, res);
    if (url.pathname !== '/graphql') return sendJson(res, 404, { error: 'not found' });
    const requestId = requestIdOf(req) ?? randomUUID();
    let body: unknown;
    if (req.method === 'POST') {
      try {
        const text = await readBody(req, bodyLimit);
        body = text ? JSON.parse(text) : undefined;
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          return sendJson(res, 413, {
            errors: [
              { message: `Запрос больше ${bodyLimit} байт`, extensions: { code: 'PAYLOAD_TOO_LARGE' } },
            ],
          });
        }
        return sendJson(res, 400, {
          errors: [{ message: 'Тело запроса не является JSON', extensions: { code: 'BAD_REQUEST' } }],
        });
      }
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: () => options.context(requestId, req),
    });
    res.statusCode = response.status ?? 200;
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.setHeader('x-request-id', requestId);
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
    } else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error }, 'request failed');
      if (!res.headersSent)
        sendJson(res, 500, {
          errors: [{ message: 'Внутренняя ошибка', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
        });
      else res.end();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${address.port}/graphql`;
  return {
    server,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

function requestIdOf(req: IncomingMessage): string | undefined {
  const value = req.headers['x-request-id'];
  const single = Array.isArray(value) ? value[0] : value;
  return single && /^[\w.-]{1,128}$/.test(single) ? single : undefined;
}
