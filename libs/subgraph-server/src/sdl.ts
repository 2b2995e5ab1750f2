import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every `.graphql` file below `dir`, sorted by path, as one SDL text per file. */
export function readSdlFiles(dir: string): { path: string; sdl: string }[] {
  const found: { path: string; sdl: string }[] = [];
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.graphql')) found.push({ path, sdl: readFileSync(path, 'utf8') });
    }
  };
  walk(dir);
  return found;
}
