export * from './kafka-client';
export * from './topics';
export * from './outbox';
export * from './outbox-relay';
export * from './idempotent-consumer';
export * from './codec';
export * from './messaging-tables.migration';
export * from './messaging-metrics';
