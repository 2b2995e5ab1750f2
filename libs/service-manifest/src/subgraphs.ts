/**
 * The one list of subgraphs. Composition, the gateway (its environment and wiring), `npm start`,
 * docker-compose.yml (generated from it), the benchmarks, the test support and the build all read
 * it: adding a subgraph is its app folder plus one entry here (docs/adding-a-subgraph.md).
 */
export interface SubgraphManifestEntry {
  /** Service name: the subgraph's name in the supergraph, its app folder and its compose service. */
  readonly name: string;
  /** Default HTTP port (development and docker-compose). */
  readonly port: number;
  /** Entry file, relative to the workspace root. */
  readonly entry: string;
  /** Folder whose `.graphql` files (searched recursively) make the subgraph's SDL. */
  readonly sdlDir: string;
  /** The gateway's variable for this subgraph's URL (overrides the URL in the supergraph). */
  readonly urlVariable: string;
  /** `npm start`'s variable that moves this subgraph to another port. */
  readonly portVariable: string;
  /** Default name of the subgraph's own database (every service owns one). */
  readonly database: string;
}

export const subgraphManifest = [
  {
    name: 'registry',
    port: 4001,
    entry: 'apps/registry/src/main.ts',
    sdlDir: 'apps/registry/src/modules',
    urlVariable: 'REGISTRY_URL',
    portVariable: 'REGISTRY_PORT',
    database: 'opora_registry',
  },
  {
    name: 'agreements',
    port: 4002,
    entry: 'apps/agreements/src/main.ts',
    sdlDir: 'apps/agreements/src/modules',
    urlVariable: 'AGREEMENTS_URL',
    portVariable: 'AGREEMENTS_PORT',
    database: 'opora_agreements',
  },
  {
    name: 'events',
    port: 4003,
    entry: 'apps/events/src/main.ts',
    sdlDir: 'apps/events/src/modules',
    urlVariable: 'EVENTS_URL',
    portVariable: 'EVENTS_PORT',
    database: 'opora_events',
  },
  {
    name: 'monitoring',
    port: 4004,
    entry: 'apps/monitoring/src/main.ts',
    sdlDir: 'apps/monitoring/src/modules',
    urlVariable: 'MONITORING_URL',
    portVariable: 'MONITORING_PORT',
    database: 'opora_monitoring',
  },
] as const satisfies readonly SubgraphManifestEntry[];

export type SubgraphName = (typeof subgraphManifest)[number]['name'];
export type SubgraphUrlVariable = (typeof subgraphManifest)[number]['urlVariable'];

/** The manifest entry of one subgraph (a typo is a compile error). */
export function subgraph(name: SubgraphName): SubgraphManifestEntry {
  const entry = subgraphManifest.find((s) => s.name === name);
  if (!entry) throw new Error(`Подграф ${name} не описан в манифесте`);
  return entry;
}

/** The subgraph's URL inside docker-compose's network (the supergraph file carries these). */
export function composeUrl(entry: SubgraphManifestEntry): string {
  return `http://${entry.name}:${entry.port}/graphql`;
}

/** The subgraph's URL on this machine at its default port. */
export function localUrl(entry: SubgraphManifestEntry, port = entry.port): string {
  return `http://127.0.0.1:${port}/graphql`;
}

/**
 * An app's built JavaScript (`nx run <app>:build`), relative to the workspace root: what the image
 * runs (docs/decisions.md §78). The gateway's bundle sits one folder deeper, in
 * dist/apps/gateway/src, so that it finds its supergraph, the playground and docs/operations at the
 * same relative paths from the bundle as from its source.
 */
export function distEntry(app: string): string {
  return app === 'gateway' ? 'dist/apps/gateway/src/main.js' : `dist/apps/${app}/main.js`;
}
