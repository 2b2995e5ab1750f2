export * from './gateway-context';
export * from './playground';
export * from './protection';
export * from './subgraph-data-source';
export * from './supergraph-source';
export * from './in-flight-merge';
export * from './verified-tokens';
export * from './response-cache';
