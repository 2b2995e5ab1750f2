import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  buildSchema,
  getNamedType,
  isObjectType,
  Kind,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
} from 'graphql';
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

  /**
   * A caching client (Apollo Client's InMemoryCache) normalises objects by `id`: an entity selected
   * without it is stored inline, and two examples reading the same record overwrite each other
   * (issue #9, point 5). Every selection of a type that has `id` selects it.
   */
  it.each(files)('%s selects id on every entity', (file) => {
    const document = parse(readFileSync(join(root, 'docs/operations', file), 'utf8'));
    const typeInfo = new TypeInfo(schema);
    const missing: string[] = [];
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          const type = getNamedType(typeInfo.getType());
          if (!node.selectionSet || !isObjectType(type) || !type.getFields().id) return;
          const selectsId = node.selectionSet.selections.some(
            (s) => s.kind === Kind.FIELD && s.name.value === 'id' && !s.alias,
          );
          if (!selectsId)
            missing.push(`${node.name.value} (${type.name}), строка ${node.loc?.startToken.line}`);
        },
      }),
    );
    expect(missing).toEqual([]);
  });
});
