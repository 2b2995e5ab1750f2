/**
 * `npm test`: every check, in order — lint and typecheck of every Nx project, then one Jest run
 * (unit, integration and end-to-end specs) whose globalSetup provisions PostgreSQL and a real
 * Kafka broker and whose globalTeardown stops them. Exits non-zero at the first failing stage.
 */
import { spawnSync } from 'node:child_process';
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

const started = Date.now();
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
