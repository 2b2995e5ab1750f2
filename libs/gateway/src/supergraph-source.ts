import { readFileSync, unwatchFile, watchFile } from 'node:fs';

import type { SupergraphSdlHook } from '@apollo/gateway';
import type { Logger } from '@opora/logger';

/**
 * The supergraph from a file, reloaded without a restart when the file changes (polled: works on
 * every file system and for files replaced by rename). A new supergraph that does not load keeps
 * the previous one serving, and is logged.
 */
export function watchedSupergraph(path: string, pollMs: number, logger: Logger): SupergraphSdlHook {
  return ({ update }) => {
    let current = readFileSync(path, 'utf8');
    const onChange = () => {
      let next: string;
      try {
        next = readFileSync(path, 'utf8');
      } catch (error) {
        logger.error({ err: error, path }, 'supergraph file unreadable; keeping the current one');
        return;
      }
      if (next === current) return;
      try {
        update(next);
        current = next;
        logger.info({ path }, 'supergraph reloaded');
      } catch (error) {
        logger.error({ err: error, path }, 'new supergraph rejected; keeping the current one');
      }
    };
    watchFile(path, { interval: pollMs }, onChange);
    return Promise.resolve({
      supergraphSdl: current,
      cleanup: () => {
        unwatchFile(path, onChange);
        return Promise.resolve();
      },
    });
  };
}
