export * from './cache-invalidation';
export * from './regional-midnight';
export * from './response-cache';
export * from './response-cache-plugin';
export * from './scope';
