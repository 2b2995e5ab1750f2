import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { HeaderMap } from '@apollo/server';
import type { ApolloServer, BaseContext as ApolloBaseContext } from '@apollo/server';
import type { Principal, TokenVerifier } from '@opora/auth';
import type { Logger } from '@opora/logger';

import { authenticateOrAnswer } from './authentication';
import { BodyTooLargeError, readBody, sendJson } from './http';
import type { ServiceMetrics } from './metrics';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface ApolloHttpOptions<Context extends ApolloBaseContext> {
  apollo: ApolloServer<Context>;
  logger: Logger;
  host: string;
  port: number;
  /** Largest request body accepted, bytes. */
  bodyLimit: number;
  /** Every /graphql request must carry a valid token: 401 before its body is even read. */
  verifyToken: TokenVerifier;
  context: (requestId: string, req: IncomingMessage, principal: Principal) => Promise<Context>;
  /** Counts /graphql requests by status and refusals by code; serves GET /metrics. */
  metrics: ServiceMetrics;
  /** Other paths (health, playground…) by exact path. */
  routes?: Record<string, RouteHandler>;
}

export interface ApolloHttpServer {
  server: Server;
  url: string;
  /** Stops accepting connections and waits for requests under way. */
  close: () => Promise<void>;
}

/**
 * Serves an ApolloServer at POST/GET /graphql on node:http (Apollo's integration API), with
 * token verification (401 without a valid token), a body size limit, a request id (x-request-id from the caller when well-formed, else new) and
 * extra routes. Shared by the gateway and every subgraph.
 */
export async function serveApollo<Context extends ApolloBaseContext>(
  options: ApolloHttpOptions<Context>,
): Promise<ApolloHttpServer> {
  const { apollo, logger, bodyLimit } = options;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/metrics') return options.metrics.route(req, res);
    const route = options.routes?.[url.pathname];
    if (route) return route(req, res);
    if (url.pathname !== '/graphql') return sendJson(res, 404, { error: 'not found' });
    const requestId = requestIdOf(req) ?? randomUUID();
    res.once('finish', () => {
      options.metrics.httpRequests.inc({ status: String(res.statusCode) });
      if (res.statusCode === 401) options.metrics.errors.inc({ code: 'UNAUTHENTICATED' });
      if (res.statusCode === 413) options.metrics.errors.inc({ code: 'PAYLOAD_TOO_LARGE' });
    });
    const tooLarge = () =>
      sendJson(res, 413, {
        errors: [
          {
            message: `Запрос больше допустимого: не более ${bodyLimit} байт (${(bodyLimit / 1024 / 1024).toFixed(1)} МБ). Сократите запрос или разделите его на несколько; файлы для импорта организаций такого размера загружайте командой npm run import:organizations`,
            extensions: { code: 'PAYLOAD_TOO_LARGE', limitBytes: bodyLimit },
          },
        ],
      });
    // Cheapest refusals first: a declared oversize body, then the token, then reading the body.
    if (Number(req.headers['content-length'] ?? 0) > bodyLimit) return tooLarge();
    const principal = await authenticateOrAnswer(options.verifyToken, req, res, requestId);
    if (!principal) return;
    let body: unknown;
    if (req.method === 'POST') {
      try {
        const text = await readBody(req, bodyLimit);
        body = text ? JSON.parse(text) : undefined;
      } catch (error) {
        if (error instanceof BodyTooLargeError) return tooLarge();
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
      context: () => options.context(requestId, req, principal),
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
    close: () => closeServer(server),
  };
}

/** How long requests under way may take to finish before their connections are cut. */
const DRAIN_MS = 10_000;

/**
 * Stops accepting connections and waits for requests under way. Callers (the gateway) hold
 * keep-alive connections for up to keepAliveTimeout (65 s): a connection that goes idle after
 * its last response is closed at once (swept every 100 ms), and whatever is still open after
 * DRAIN_MS is cut, so a stop never waits on a caller's pool (issue #8: restarts waited ~30 s).
 */
function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    const cut = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}

function requestIdOf(req: IncomingMessage): string | undefined {
  const value = req.headers['x-request-id'];
  const single = Array.isArray(value) ? value[0] : value;
  return single && /^[\w.-]{1,128}$/.test(single) ? single : undefined;
}
