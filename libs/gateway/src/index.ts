export * from './gateway-context';
export * from './playground';
export * from './protection';
export * from './subgraph-data-source';
export * from './supergraph-source';
