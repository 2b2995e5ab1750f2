import { Agent, request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import type { Counter, Histogram } from 'prom-client';

import type { GatewayContext } from './gateway-context';
import { InFlightMerge } from './in-flight-merge';

type SubgraphAnswer = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

/**
 * One subgraph as the gateway calls it: forwards the request id and the caller's Authorization
 * header (each subgraph verifies the token again), bounds each call by a timeout, measures its
 * latency, and turns a subgraph that cannot be reached into an error that names the service, so
 * that the other subgraphs' data still reaches the client.
 *
 * Identical queries in flight to the subgraph at the same moment are sent once, but only when they
 * carry the same Authorization header: the subgraph derives the caller's role, region,
 * municipality, organization and personal-data rights from that token alone, so two requests with
 * the same token and text are answered alike, and two users' answers are never shared
 * (docs/decisions.md §36). Mutations are never merged.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly serviceName: string,
    url: string,
    private readonly timeoutMs: number,
    private readonly latency: Histogram<'subgraph' | 'outcome'>,
    /** Counts merged queries; without it, identical queries are not merged (GATEWAY_MERGE_REQUESTS=off). */
    merged?: Counter<'subgraph'>,
  ) {
    super({ url });
    this.merge =
      merged &&
      new InFlightMerge(
        ({ http, ...answer }) => ({ ...structuredClone(answer), http }),
        () => merged.inc({ subgraph: serviceName }),
      );
  }

  private readonly merge?: InFlightMerge<SubgraphAnswer>;

  override process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<SubgraphAnswer> {
    const { request, context } = options;
    const merge = this.merge;
    if (!merge || !request.query || !/^\s*(query\b|\{)/.test(request.query)) return super.process(options);
    const key = JSON.stringify([
      (context as Partial<GatewayContext>).authorization ?? '',
      request.query,
      request.variables ?? null,
    ]);
    return merge.run(key, () => super.process(options));
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const { requestId, authorization } = context as Partial<GatewayContext>;
    if (requestId) request.http?.headers.set('x-request-id', requestId);
    if (authorization) request.http?.headers.set('authorization', authorization);
  }

  /**
   * The call itself, on node:http with a keep-alive pool per subgraph (docs/decisions.md §76):
   * Node's global fetch built a WHATWG Request, a web stream, an `AbortSignal.timeout` (made
   * transferable) and a Response per call — about a tenth of the gateway's CPU in its profile
   * under the analysts' load. The answer is a small Response-like object with what
   * RemoteGraphQLDataSource reads (status, ok, headers.get, json, text).
   *
   * Apollo Server answers a request whose variables do not fit the schema (a malformed UUID)
   * with HTTP 400 and GraphQL errors. That is the subgraph's answer, not a transport failure:
   * it is handed on as a 200 so that clients get its code, field and Russian message.
   */
  override fetcher = async (input: string, init?: RequestInit): Promise<never> => {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    let response: SubgraphHttpResponse;
    try {
      response = await post(input, init, this.timeoutMs);
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      this.latency.observe(
        { subgraph: this.serviceName, outcome: timedOut ? 'timeout' : 'unreachable' },
        seconds(),
      );
      throw new GraphQLError(
        timedOut
          ? `Сервис «${this.serviceName}» не ответил за ${this.timeoutMs} мс; данные от него не получены`
          : `Сервис «${this.serviceName}» недоступен; данные от него не получены, повторите запрос позже`,
        { extensions: { code: 'SUBGRAPH_UNAVAILABLE', service: this.serviceName } },
      );
    }
    this.latency.observe({ subgraph: this.serviceName, outcome: String(response.status) }, seconds());
    if (response.status === 400 && response.headers.get('content-type')?.includes('application/json')) {
      const isGraphQLAnswer = (() => {
        try {
          return Array.isArray((JSON.parse(response.body) as { errors?: unknown }).errors);
        } catch {
          return false;
        }
      })();
      if (isGraphQLAnswer) response.status = 200;
    }
    return response as never;
  };
}

/** Connections kept open to the subgraphs, reused call after call. */
const pools = {
  http: new Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 }),
  https: new HttpsAgent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 }),
};

/** What RemoteGraphQLDataSource reads of a fetch Response, without the web streams behind one. */
class SubgraphHttpResponse {
  readonly statusText = '';
  readonly redirected = false;
  readonly bodyUsed = false;
  readonly headers: { get: (name: string) => string | null; has: (name: string) => boolean };

  constructor(
    public status: number,
    raw: IncomingHttpHeaders,
    readonly body: string,
    readonly url: string,
  ) {
    const value = (name: string) => {
      const v = raw[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
    };
    this.headers = { get: value, has: (name) => value(name) !== null };
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  text(): Promise<string> {
    return Promise.resolve(this.body);
  }

  json(): Promise<unknown> {
    return Promise.resolve(JSON.parse(this.body) as unknown);
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = Buffer.from(this.body, 'utf8');
    return Promise.resolve(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
  }

  clone(): SubgraphHttpResponse {
    return this;
  }
}

/** One POST on the pool; a `TimeoutError` when no whole answer came within `timeoutMs`. */
function post(url: string, init: RequestInit | undefined, timeoutMs: number): Promise<SubgraphHttpResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const req = (secure ? httpsRequest : request)(
      target,
      { method: init?.method ?? 'POST', headers, agent: secure ? pools.https : pools.http },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', fail);
        res.on('end', () => {
          clearTimeout(timer);
          resolve(
            new SubgraphHttpResponse(
              res.statusCode ?? 0,
              res.headers,
              Buffer.concat(chunks).toString('utf8'),
              url,
            ),
          );
        });
      },
    );
    function fail(error: Error) {
      clearTimeout(timer);
      reject(error);
    }
    const timer = setTimeout(() => {
      const timeout = new Error(`no answer within ${timeoutMs} ms`);
      timeout.name = 'TimeoutError';
      req.destroy(timeout);
    }, timeoutMs);
    req.on('error', fail);
    req.end(typeof init?.body === 'string' ? init.body : undefined);
  });
}
