/**
 * How node runs each app as deployed: the V8 flags and the environment that bound its memory
 * (docs/decisions.md §74, §76). docker-compose.yml (`npm run compose`) and the benchmarks read them
 * from here, so the process measured is started as the process deployed.
 */
export interface NodeRuntime {
  /**
   * V8's old-space limit, MiB: without it V8 lets a heap of a few hundred MiB of live data grow
   * to gigabytes of garbage before collecting (§74).
   */
  readonly maxOldSpaceMiB: number;
  /**
   * V8's semi-space limit, MiB (the young generation is up to three of them); absent: V8's own
   * (16 MiB on 64-bit Node 20).
   */
  readonly maxSemiSpaceMiB?: number;
  /** Further environment of the process (glibc's allocator). */
  readonly environment: Readonly<Record<string, string>>;
}

/** The gateway: Apollo's stores and the response cache live in its heap (§74, §76). */
export const gatewayRuntime: NodeRuntime = {
  maxOldSpaceMiB: 256,
  maxSemiSpaceMiB: 4,
  environment: {},
};

/** Every subgraph: its document store, DataLoaders, TypeORM and pg (§74). */
export const subgraphRuntime: NodeRuntime = {
  maxOldSpaceMiB: 320,
  environment: {},
};

/** The runtime of an app: the gateway's, or a subgraph's for any other app. */
export function runtimeOf(app: string): NodeRuntime {
  return app === 'gateway' ? gatewayRuntime : subgraphRuntime;
}

/** The V8 flags of an app, as node's command line or NODE_OPTIONS takes them. */
export function nodeFlags(app: string): string[] {
  const runtime = runtimeOf(app);
  return [
    `--max-old-space-size=${runtime.maxOldSpaceMiB}`,
    ...(runtime.maxSemiSpaceMiB === undefined ? [] : [`--max-semi-space-size=${runtime.maxSemiSpaceMiB}`]),
  ];
}

/** The environment an app is deployed with: its V8 flags in NODE_OPTIONS, and the rest. */
export function deployedNodeEnvironment(app: string): Record<string, string> {
  return { NODE_OPTIONS: nodeFlags(app).join(' '), ...runtimeOf(app).environment };
}
