export * from './seed-documents';
export * from './load-seed-documents';
export * from './load-demo-data';
export * from './demo-data-present';
export * from './agreements-demo';
export * from './priozersky-events';
export * from './load-monitoring-demo';
