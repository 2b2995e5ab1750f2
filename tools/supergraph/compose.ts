import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { localUrl, subgraphManifest } from '@opora/service-manifest';
import { readSdlFiles, subgraphSdl } from '@opora/subgraph-server';

export const SUPERGRAPH_FILE = 'apps/gateway/supergraph.graphql';

/**
 * Composes the SDL of every subgraph of the manifest (read from its feature folders) with
 * @apollo/composition. The supergraph carries the subgraphs' URLs on this machine at their default
 * ports, as `npm start` runs them, so a peer gateway (Hive Gateway, Apollo Router) serves the file
 * as it is; docker-compose.yml and deployments point our gateway elsewhere with `<NAME>_URL`.
 */
export function composeSupergraph(root: string): string {
  const result = composeServices(
    subgraphManifest.map((entry) => ({
      name: entry.name,
      url: localUrl(entry),
      typeDefs: parse(subgraphSdl(readSdlFiles(join(root, entry.sdlDir)).map((f) => f.sdl))),
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
