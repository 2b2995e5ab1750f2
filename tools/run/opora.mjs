#!/usr/bin/env node
// Entry of the two README commands. Plain Node (no dependencies), so that it can install them
// when node_modules is missing or older than package-lock.json, then runs the TypeScript command
// itself through tsx. `npm install` (not `npm ci`): npm 11.19 writes lockfiles without the other
// platforms' optional binaries (@swc/core-darwin-*, …) and then its own `npm ci` refuses them as
// out of sync; `npm install` installs the locked versions all the same.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const command = process.argv[2];
const scripts = { start: 'tools/run/start.ts', check: 'tools/run/check.ts' };
if (!scripts[command]) {
  process.stderr.write('usage: node tools/run/opora.mjs start|check\n');
  process.exit(2);
}

const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  process.stderr.write(`Нужен Node.js 20 или новее (сейчас ${process.versions.node})\n`);
  process.exit(1);
}

const marker = join(root, 'node_modules/.package-lock.json');
const lock = join(root, 'package-lock.json');
if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs) {
  process.stdout.write('Устанавливаем зависимости (npm install по package-lock.json)…\n');
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (install.status !== 0) process.exit(install.status ?? 1);
}

const tsx = join(root, 'node_modules/.bin/tsx');
const child = spawn(
  tsx,
  ['--tsconfig', join(root, 'tsconfig.base.json'), join(root, scripts[command]), ...process.argv.slice(3)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
// Ctrl-C reaches the child through the terminal; a SIGTERM sent to this process is passed on.
// Either way this process waits for the child to stop what it started.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
