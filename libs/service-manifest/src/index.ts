export * from './subgraphs';
export * from './runtime';
