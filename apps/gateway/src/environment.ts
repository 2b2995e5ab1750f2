import { z } from 'zod';
import { authModel, httpModel, loadEnvironmentOrExit, logModel } from '@opora/config';
import { localUrl, subgraphManifest } from '@opora/service-manifest';
import type { SubgraphUrlVariable } from '@opora/service-manifest';

const subgraphUrl = z.url({ message: 'ожидается адрес вида http://host:4001/graphql' });

/**
 * Where each subgraph of the manifest answers (REGISTRY_URL, …): overrides the URL written in
 * supergraph.graphql, which is docker-compose's.
 */
const subgraphUrls = Object.fromEntries(
  subgraphManifest.map((entry) => [entry.urlVariable, subgraphUrl.default(localUrl(entry))]),
) as Record<SubgraphUrlVariable, z.ZodDefault<typeof subgraphUrl>>;

/** The gateway's environment: the only file of the app that reads process.env. */
export const gatewayEnvironmentModel = z.object({
  ...httpModel,
  ...logModel,
  ...authModel,
  ...subgraphUrls,
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** The supergraph file (composed by `npm run supergraph` and checked in). */
  SUPERGRAPH_PATH: z.string().optional(),
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** How often the supergraph file is checked for changes (reloaded without a restart). */
  SUPERGRAPH_POLL_MS: z.coerce.number().int().min(100).max(600_000).default(2000),
  /** Introspection for holders of a valid token (anonymous requests never reach GraphQL), or off. */
  GATEWAY_INTROSPECTION: z.enum(['authenticated', 'off']).default('authenticated'),
});

export type GatewayEnvironment = Readonly<z.infer<typeof gatewayEnvironmentModel>>;

/** Subgraph name → URL the gateway calls, for every subgraph of the manifest. */
export function subgraphUrlsOf(env: GatewayEnvironment): Record<string, string> {
  return Object.fromEntries(subgraphManifest.map((entry) => [entry.name, env[entry.urlVariable]]));
}

export const loadGatewayEnvironment = () =>
  loadEnvironmentOrExit('gateway', gatewayEnvironmentModel, process.env);
