import { join } from 'node:path';

import { composeSupergraph, readCheckedInSupergraph, SUPERGRAPH_FILE } from '../compose';

describe('checked-in supergraph', () => {
  const root = join(__dirname, '../../..');

  it(`composes from the subgraphs' SDL and matches ${SUPERGRAPH_FILE} (run \`npm run supergraph\` when this fails)`, () => {
    expect(readCheckedInSupergraph(root)).toBe(composeSupergraph(root));
  });
});
