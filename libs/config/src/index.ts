export * from './load-environment';
export * from './models';
