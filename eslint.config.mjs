// Flat ESLint config for the whole workspace: typescript-eslint with type information,
// Nx module boundaries (tags in each project.json), import order, and Prettier last.
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.cache/**',
      '.data/**',
      '.nx/**',
      'tmp/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx, 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      // `(await manager.query(sql)) as Row[]` reads better than TypeORM's unchecked query<Row[]>():
      // both are unchecked casts, and the `as` says so.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // kafkajs hands callbacks (heartbeat, resolveOffset…) in plain objects, meant to be destructured.
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/order': [
        'error',
        {
          groups: ['builtin', 'external', 'internal', 'parent', 'sibling', 'index'],
          pathGroups: [{ pattern: '@opora/**', group: 'internal' }],
          pathGroupsExcludedImportTypes: ['type'],
          alphabetize: { order: 'asc' },
        },
      ],
      // Environment is read once, validated, in each app's environment.ts (and in the infra
      // tooling that provisions services); everything else receives a typed, frozen object.
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message:
            'Читайте окружение только в environment.ts (см. docs/architecture.md, «How the code reads»).',
        },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          enforceBuildableLibDependency: false,
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:data', 'type:util'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            // Every subgraph app (tag kind:subgraph) uses shared libs only: a new subgraph needs no rule
            // of its own, and never reaches the gateway's libraries or another service's code.
            { sourceTag: 'kind:subgraph', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:gateway', 'scope:shared'] },
            { sourceTag: 'scope:tooling', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
    },
  },
  {
    files: [
      '**/environment.ts',
      'libs/provision/**/*.ts',
      'libs/testing/**/*.ts',
      'tools/**/*.ts',
      '**/__tests__/**/*.ts',
      'jest.*.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/__tests__/**/*.ts', '**/*.spec.ts', 'libs/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  prettier,
);
