export * from './ensure-database';
export * from './service-data-source';
export * from './transaction';
export * from './loaders';
export * from './migration-command';
export * from './entity-rows';
