import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { buildSchema, parse, validate } from 'graphql';
import { workspaceRoot } from '@opora/provision';

/** The example operations analysts copy from docs/operations must stay valid against the supergraph. */
describe('example operations in docs/operations', () => {
  const root = workspaceRoot();
  const schema = buildSchema(readFileSync(join(root, 'apps/gateway/supergraph.graphql'), 'utf8'));
  const files = readdirSync(join(root, 'docs/operations')).filter((file) => file.endsWith('.graphql'));

  it('exist', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s validates against the supergraph', (file) => {
    const document = parse(readFileSync(join(root, 'docs/operations', file), 'utf8'));
    expect(validate(schema, document).map((error) => error.message)).toEqual([]);
  });
});
