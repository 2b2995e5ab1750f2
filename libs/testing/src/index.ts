export * from './builders';
export * from './eventually';
export * from './graphql-client';
export * from './infra';
export * from './kafka';
export * from './tokens';
export * from './percentile';
export * from './import-cli';
