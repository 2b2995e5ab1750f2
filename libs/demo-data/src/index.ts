export * from './seed-documents';
export * from './load-seed-documents';
