import type { Config } from 'jest';

import { compilerOptions } from './tsconfig.base.json';

/** @opora/* path aliases of tsconfig.base.json, for Jest's resolver. */
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

/**
 * One Jest run for the whole workspace. globalSetup provisions what the integration and
 * end-to-end specs need (PostgreSQL and a real Kafka broker) once, and globalTeardown stops it.
 */
const config: Config = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs,tools}/**/__tests__/**/*.spec.ts'],
  transform: { '^.+\\.ts$': swc as never },
  moduleNameMapper,
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
  forceExit: false,
};

export default config;
