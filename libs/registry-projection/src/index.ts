export * from './projection.entities';
export * from './projection.migration';
export * from './projection.handlers';
export * from './registry-projection';
export * from './registry-projection-consumer';
