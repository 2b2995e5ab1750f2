/**
 * `npm test`: every check, in order — lint and typecheck of every Nx project, then one Jest run
 * (unit, integration and end-to-end specs) whose globalSetup provisions PostgreSQL and a real
 * Kafka broker and whose globalTeardown stops them. Exits non-zero at the first failing stage.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { workspaceRoot } from '@opora/provision';

const root = workspaceRoot();
const bin = (name: string) => join(root, 'node_modules/.bin', name);
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };

const stages: { name: string; command: string; args: string[] }[] = [
  {
    name: 'lint + typecheck',
    command: bin('nx'),
    // CI re-runs every check rather than replaying Nx's cache.
    args: [
      'run-many',
      '-t',
      'lint',
      'typecheck',
      '--parallel=2',
      '--outputStyle=stream',
      ...(process.env.CI ? ['--skip-nx-cache'] : []),
    ],
  },
  {
    name: 'unit, integration, end-to-end (Jest)',
    command: bin('jest'),
    args: ['--ci', ...process.argv.slice(2)],
  },
];

/**
 * The playground's browser spec drives Debian's chromium (no browser download: machines reach
 * only package registries). Installed here when missing and we are root; otherwise a clear stop.
 */
function ensureChromium(): void {
  const path = '/usr/bin/chromium';
  if (existsSync(path)) return;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    process.stdout.write('\n=== chromium для браузерного теста песочницы (apt-get install chromium) ===\n');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
      const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
      if (result.status !== 0) break;
    }
  }
  if (!existsSync(path)) {
    process.stderr.write(
      `\n✗ Нет ${path}: браузерный тест песочницы требует Debian-пакет chromium.\n  Установите: sudo apt-get update && sudo apt-get install -y chromium\n`,
    );
    process.exit(1);
  }
}

const started = Date.now();
ensureChromium();
for (const stage of stages) {
  const t = Date.now();
  process.stdout.write(`\n=== ${stage.name} ===\n`);
  const result = spawnSync(stage.command, stage.args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) {
    process.stderr.write(`\n✗ ${stage.name}: не прошло (код ${result.status ?? result.signal})\n`);
    process.exit(result.status ?? 1);
  }
  process.stdout.write(`✓ ${stage.name} — ${((Date.now() - t) / 1000).toFixed(0)} с\n`);
}
process.stdout.write(`\nВсе проверки прошли за ${((Date.now() - started) / 1000).toFixed(0)} с\n`);
