import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { buildSchema, parse, validate } from 'graphql';
import { limits, loadExampleOperations } from '@opora/gateway';
import { workspaceRoot } from '@opora/provision';

/** Every example an analyst runs from the playground passes the gateway's cost limit. */
describe('example operations fit the gateway’s limits', () => {
  const schema = buildSchema(readFileSync(join(workspaceRoot(), 'apps/gateway/supergraph.graphql'), 'utf8'));

  it.each(loadExampleOperations().map((example) => [example.file, example.query]))('%s', (_, query) => {
    const document = parse(query);
    for (const definition of document.definitions) {
      const errors = (() => {
        try {
          return validate(schema, { kind: document.kind, definitions: [definition] }, [
            costLimitRule({ maxCost: limits.maxCost }),
          ]);
        } catch (error) {
          return [error as Error];
        }
      })();
      expect(errors.map((error) => error.message)).toEqual([]);
    }
  });
});
