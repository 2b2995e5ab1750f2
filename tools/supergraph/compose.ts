import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { readSdlFiles, subgraphSdl } from '@opora/subgraph-server';

/** Subgraphs of the supergraph, with the URLs they have in docker-compose.yml. */
export const subgraphs = [
  { name: 'registry', url: 'http://registry:4001/graphql', dir: 'apps/registry/src/modules' },
];

export const SUPERGRAPH_FILE = 'apps/gateway/supergraph.graphql';

/** Composes the subgraphs' SDL (read from their feature folders) with @apollo/composition. */
export function composeSupergraph(root: string): string {
  const result = composeServices(
    subgraphs.map(({ name, url, dir }) => ({
      name,
      url,
      typeDefs: parse(subgraphSdl(readSdlFiles(join(root, dir)).map((f) => f.sdl))),
    })),
  );
  if (result.errors) {
    throw new Error(`Подграфы не компонуются:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return `${result.supergraphSdl.trimEnd()}\n`;
}

export function readCheckedInSupergraph(root: string): string {
  return readFileSync(join(root, SUPERGRAPH_FILE), 'utf8');
}

if (require.main === module) {
  const root = join(__dirname, '../..');
  writeFileSync(join(root, SUPERGRAPH_FILE), composeSupergraph(root));
  process.stdout.write(`${SUPERGRAPH_FILE} обновлён\n`);
}
