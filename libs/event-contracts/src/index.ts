export * from './envelope';
export * from './catalogue';
export * from './registry-events';
export * from './agreements-events';
