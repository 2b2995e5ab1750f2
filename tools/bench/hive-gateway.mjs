/**
 * Hive Gateway (@graphql-hive/gateway-runtime, dev dependency) over the supergraph the bench hands
 * it, as a process of its own, for the side-by-side benchmark of issue #13 (docs/decisions.md §73).
 * Plain JavaScript run by node, as Hive ships it. Its defaults, except:
 *   HIVE_PLANNER=rust  — the Rust query planner of @graphql-hive/router-runtime (else the JS one);
 *   HIVE_DEDUPE=off    — no merging of identical in-flight subgraph requests (on by default);
 * and the caller's Authorization header forwarded to the subgraphs (the registry needs it).
 * Tokens are not verified here (Hive's JWT plugin is off by default): the subgraph verifies them.
 *
 *   PORT=4100 SUPERGRAPH=/tmp/supergraph.graphql node tools/bench/hive-gateway.mjs
 */
import { createServer } from 'node:http';

import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';

const rust = process.env.HIVE_PLANNER === 'rust';
const dedupe = process.env.HIVE_DEDUPE !== 'off';
const { unifiedGraphHandler } = rust ? await import('@graphql-hive/router-runtime') : {};

const gateway = createGatewayRuntime({
  supergraph: process.env.SUPERGRAPH,
  logging: false,
  ...(rust ? { unifiedGraphHandler } : {}),
  ...(dedupe ? {} : { transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } } } }),
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') }),
  },
});

const server = createServer(gateway);
server.listen(Number(process.env.PORT ?? 4100), '127.0.0.1');
const stop = () => server.close(() => gateway.dispose().finally(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
