import { createHash } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Database names of this checkout: `opora_registry_3f9a1c2e` for the registry of the checkout at
 * this path. Two checkouts on one machine share the local PostgreSQL server; with one database
 * they would relay each other's outbox rows into their own Kafka (docs/decisions.md §28). Outside
 * a checkout (a deployed bundle) the plain name is used; deployments set DATABASE_NAME anyway.
 */
export function checkoutDatabaseName(base: string, from = __dirname): string {
  const root = checkoutRoot(from);
  if (!root) return base;
  const id = createHash('sha256').update(realpathSync(root)).digest('hex').slice(0, 8);
  return `${base}_${id}`;
}

function checkoutRoot(from: string): string | undefined {
  let dir = from;
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return dir;
}
