import type { IncomingMessage, ServerResponse } from 'node:http';

import type { ApolloServerPlugin, BaseContext as ApolloBaseContext } from '@apollo/server';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics of one app (gateway or subgraph), in a registry of its own so that several
 * apps in one process (tests) do not mix. Names follow Prometheus conventions; every series has
 * the `service` label.
 */
export interface ServiceMetrics {
  registry: Registry;
  /** Every HTTP request to /graphql by status, including those refused before GraphQL (401, 413). */
  httpRequests: Counter<'status'>;
  operations: Counter<'operation' | 'type'>;
  operationDuration: Histogram<'operation'>;
  errors: Counter<'code'>;
  /** Apollo plugin that fills the operation and error series. */
  plugin: ApolloServerPlugin<ApolloBaseContext>;
  /** GET /metrics in the Prometheus text format. */
  route: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

/** Operation names come from clients: bounded so a hostile client cannot blow up the label set. */
const maxOperationNames = 200;

export function createServiceMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const httpRequests = new Counter({
    name: 'opora_http_graphql_requests_total',
    help: 'HTTP requests to /graphql by status, including those refused before execution',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const operations = new Counter({
    name: 'opora_graphql_operations_total',
    help: 'GraphQL operations executed, by operation name and type',
    labelNames: ['operation', 'type'] as const,
    registers: [registry],
  });
  const operationDuration = new Histogram({
    name: 'opora_graphql_operation_duration_seconds',
    help: 'Time from request to response of a GraphQL operation, by operation name',
    labelNames: ['operation'] as const,
    // 1 ms … 10 s: subgraph calls are a few ms, reports may take seconds.
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'opora_graphql_errors_total',
    help: 'Errors returned to clients, by extensions.code',
    labelNames: ['code'] as const,
    registers: [registry],
  });

  const seen = new Set<string>();
  const label = (name: string | null | undefined) => {
    if (!name) return 'anonymous';
    if (seen.has(name)) return name;
    if (seen.size >= maxOperationNames || !/^[\p{L}_][\p{L}\p{N}_]{0,63}$/u.test(name)) return 'other';
    seen.add(name);
    return name;
  };

  const plugin: ApolloServerPlugin<ApolloBaseContext> = {
    requestDidStart() {
      const started = process.hrtime.bigint();
      return Promise.resolve({
        willSendResponse({ operationName, operation, response }) {
          const name = label(operationName);
          operations.inc({ operation: name, type: operation?.operation ?? 'unknown' });
          operationDuration.observe({ operation: name }, Number(process.hrtime.bigint() - started) / 1e9);
          if (response.body.kind === 'single')
            for (const error of response.body.singleResult.errors ?? [])
              errors.inc({ code: codeOf(error.extensions?.code) });
          return Promise.resolve();
        },
      });
    },
  };

  const route = async (_req: IncomingMessage, res: ServerResponse) => {
    const text = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType });
    res.end(text);
  };
  return { registry, httpRequests, operations, operationDuration, errors, plugin, route };
}

const codeOf = (code: unknown) => (typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR');
