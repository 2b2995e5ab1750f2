import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { Client } from 'pg';
import { freePort } from '@opora/provision';
import { createTestDatabase, testInfra } from '@opora/testing';

const root = join(__dirname, '../../../..');

/** Runs the registry's main.ts as a real process and collects how it ends. */
function runRegistry(
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'apps/registry/src/main.ts')], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', TSX_TSCONFIG_PATH: join(root, 'tsconfig.base.json'), ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const guard = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, stderr, ms: Date.now() - started });
    });
  });
}

describe('registry start-up with a wrong environment', () => {
  it('reports every malformed variable at once, by name, and exits 1', async () => {
    const result = await runRegistry({
      KAFKA_BROKERS: 'kafka без порта',
      PORT: 'восемь',
      DATABASE_URL: 'mysql://x',
      LOG_LEVEL: 'громко',
    });
    expect(result.code).toBe(1);
    for (const name of ['KAFKA_BROKERS', 'PORT', 'DATABASE_URL', 'LOG_LEVEL'])
      expect(result.stderr).toContain(name);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('names a missing required variable', async () => {
    const result = await runRegistry({});
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/KAFKA_BROKERS: .*\(переменная не задана\)/);
  });

  it('exits non-zero within 30 s with one clear line when PostgreSQL is unreachable', async () => {
    const port = await freePort();
    const result = await runRegistry({
      DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/postgres`,
      KAFKA_BROKERS: testInfra().kafkaBrokers.join(','),
      PORT: '0',
    });
    expect(result.code).not.toBe(0);
    expect(result.ms).toBeLessThan(30_000);
    expect(result.stderr).toMatch(/PostgreSQL недоступен .*Проверьте DATABASE_URL/);
  });

  it('exits non-zero within 30 s with one clear line when Kafka is unreachable', async () => {
    const port = await freePort();
    const db = await createTestDatabase('startup_check');
    try {
      const result = await runRegistry({
        DATABASE_URL: testInfra().databaseUrl,
        DATABASE_NAME: db.name,
        KAFKA_BROKERS: `127.0.0.1:${port}`,
        PORT: '0',
      });
      expect(result.code).not.toBe(0);
      expect(result.ms).toBeLessThan(30_000);
      expect(result.stderr).toMatch(/Kafka недоступна \(127\.0\.0\.1:\d+\).*Проверьте KAFKA_BROKERS/);
    } finally {
      await db.drop();
    }
    // What the run leaves on the server: nothing (it once left opora_registry_startup_check behind).
    const client = new Client({ connectionString: testInfra().databaseUrl });
    await client.connect();
    const left = await client.query('select 1 from pg_database where datname = $1', [db.name]);
    await client.end();
    expect(left.rowCount).toBe(0);
  });
});
