import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { subgraphManifest } from '@opora/service-manifest';

const root = join(__dirname, '../../..');

/** Every subgraph of the manifest generates its resolver types (its app's `codegen.ts`). */
const apps = subgraphManifest.map((entry) => `apps/${entry.name}/codegen.ts`);

const runCodegen = (...args: string[]) =>
  spawnSync(
    join(root, 'node_modules/.bin/tsx'),
    ['--tsconfig', 'tsconfig.base.json', 'tools/codegen/resolver-types.ts', ...args],
    { cwd: root, encoding: 'utf8' },
  );

describe('generated resolver types', () => {
  it.each(apps)(
    '%s: the committed file is what the SDL generates now (else run `nx run <app>:codegen`)',
    (file) => {
      const result = runCodegen('--check', file);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    },
  );

  it('binds every registry enum that an event also carries to the event-contracts type', () => {
    const text = readFileSync(join(root, 'apps/registry/src/generated/resolvers-types.ts'), 'utf8');
    for (const name of ['OrganizationKind', 'OrderKind', 'StatusKind', 'StatusEndReason'])
      expect(text).toContain(`import type { ${name} } from '@opora/event-contracts'`);
  });
});
