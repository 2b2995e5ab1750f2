// One Jest run for the whole workspace. globalSetup provisions what the integration and
// end-to-end specs need (PostgreSQL and a real Kafka broker) once; globalTeardown stops it.
const { compilerOptions } = require('./tsconfig.base.json');

// @opora/* path aliases of tsconfig.base.json, for Jest's resolver.
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);

const swc = [
  '@swc/jest',
  {
    jsc: {
      // Rewrites @opora/* imports at compile time, so that globalSetup (which Jest's resolver
      // does not serve) finds the libraries too.
      baseUrl: __dirname,
      paths: compilerOptions.paths,
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs,tools}/**/__tests__/**/*.spec.ts'],
  // The playground's browser modules are plain ES modules (docs/decisions.md §44): compiled too.
  transform: { '^.+\\.ts$': swc, '^.+/libs/gateway/playground/.+\\.js$': swc },
  moduleNameMapper,
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  testTimeout: 90_000,
  maxWorkers: 2,
};
