import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { testInfra } from './infra';

const root = join(__dirname, '../../..');

/**
 * Runs `npm run import:organizations` as an operator would, on the given registry database; with
 * `built`, the bundled command of the deployable form instead (`node dist/apps/registry/import-cli.js`
 * in the folder `built.cwd`, as in the image).
 */
export function runImportCli(
  args: string[],
  database: string,
  built?: { cwd: string },
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      built
        ? ['dist/apps/registry/import-cli.js', ...args]
        : ['--import', 'tsx', join(root, 'apps/registry/src/import-cli.ts'), ...args],
      {
        cwd: built?.cwd ?? root,
        env: {
          PATH: process.env.PATH ?? '',
          ...(built ? { NODE_ENV: 'production' } : { TSX_TSCONFIG_PATH: join(root, 'tsconfig.base.json') }),
          DATABASE_URL: testInfra().databaseUrl,
          DATABASE_NAME: database,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let [out, err] = ['', ''];
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}
