import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import type { Histogram } from 'prom-client';

import type { GatewayContext } from './gateway-context';

/**
 * One subgraph as the gateway calls it: forwards the request id and the caller's Authorization
 * header (each subgraph verifies the token again), bounds each call by a timeout, measures its
 * latency, and turns a subgraph that cannot be reached into an error that names the service, so
 * that the other subgraphs' data still reaches the client.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly serviceName: string,
    url: string,
    private readonly timeoutMs: number,
    private readonly latency: Histogram<'subgraph' | 'outcome'>,
  ) {
    super({ url });
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
