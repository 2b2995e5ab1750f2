export * from './builders';
export * from './graphql-client';
export * from './infra';
export * from './kafka';
