export * from './checkout';
export * from './kafka';
export * from './paths';
export * from './ports';
export * from './postgres';
export * from './process';
export * from './service-process';
export * from './postgres-server';
