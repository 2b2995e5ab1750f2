export * from './subgraphs';
