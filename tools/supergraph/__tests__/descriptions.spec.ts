import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType } from 'graphql';
import { workspaceRoot } from '@opora/provision';

/** Analysts read the schema in the playground: every type, field and value is described in Russian. */
describe('schema descriptions', () => {
  const schema = buildSchema(readFileSync(join(workspaceRoot(), 'apps/gateway/supergraph.graphql'), 'utf8'));
  const builtIn = /^(__|join__|link__|_|String$|Int$|Float$|Boolean$|ID$)/;

  it('every type, field, input field and enum value of the API has a Russian description', () => {
    const missing: string[] = [];
    const check = (name: string, description: string | null | undefined) => {
      if (!description || !/[а-яё]/i.test(description)) missing.push(name);
    };
    for (const type of Object.values(schema.getTypeMap())) {
      if (builtIn.test(type.name)) continue;
      check(type.name, type.description);
      if (isObjectType(type) || isInputObjectType(type) || isInterfaceType(type))
        for (const field of Object.values(type.getFields()))
          check(`${type.name}.${field.name}`, field.description);
      if (isEnumType(type))
        for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
    }
    expect(missing).toEqual([]);
  });
});
