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
   * Apollo Server answers a request whose variables do not fit the schema (a malformed UUID)
   * with HTTP 400 and GraphQL errors. That is the subgraph's answer, not a transport failure:
   * it is handed on as a 200 so that clients get its code, field and Russian message.
   */
  override fetcher = async (input: string, init?: RequestInit): Promise<never> => {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    let response: Response;
    try {
      response = await fetch(input, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
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
