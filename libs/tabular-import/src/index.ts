export * from './column-mapping';
export * from './csv';
export * from './decode';
export * from './errors';
export * from './read-table';
export * from './table';
export * from './xlsx';
