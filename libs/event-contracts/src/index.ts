export * from './envelope';
export * from './catalogue';
export * from './activity-kinds';
export * from './registry-events';
export * from './agreements-events';
export * from './events-events';
