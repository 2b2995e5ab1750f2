/**
 * What every benchmark of tools/bench starts with: PostgreSQL (DATABASE_URL or the local one),
 * Kafka (KAFKA_BROKERS or a temporary broker of its own), the development key pair, and what the
 * services need to verify tokens and the benchmark to sign them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { devAudience, devIssuer, ensureDevKeys, readPem, signToken } from '@opora/auth';
import type { Principal } from '@opora/auth';
import { providePostgres, startLocalKafka, workspaceRoot } from '@opora/provision';

export interface BenchBase {
  databaseUrl: string;
  brokers: string;
  /** AUTH_* variables of every service: the development public key, issuer and audience. */
  auth: Record<string, string>;
  /** A token for the principal, signed with the development private key. */
  sign: (principal: Principal) => Promise<string>;
}

/** Starts what is missing; `later` receives each stop, to run in reverse order of the starts. */
export async function provideBenchBase(later: (stop: () => Promise<void>) => void): Promise<BenchBase> {
  const root = workspaceRoot();
  const postgres = await providePostgres({
    url: process.env.DATABASE_URL,
    embeddedDir: join(root, '.data/postgres'),
  });
  later(postgres.stop);
  let brokers = process.env.KAFKA_BROKERS;
  if (!brokers) {
    const dataDir = mkdtempSync(join(tmpdir(), 'opora-bench-kafka-'));
    const kafka = await startLocalKafka({ dataDir, heap: '768m' });
    later(async () => {
      await kafka.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });
    brokers = kafka.brokers.join(',');
  }
  const keys = ensureDevKeys(join(root, '.data/keys'));
  const privateKeyPem = readPem(keys.privateKeyFile);
  return {
    databaseUrl: postgres.url,
    brokers,
    auth: {
      AUTH_PUBLIC_KEY_FILE: keys.publicKeyFile,
      AUTH_ISSUER: devIssuer,
      AUTH_AUDIENCE: devAudience,
    },
    sign: (principal) => signToken(principal, { privateKeyPem, issuer: devIssuer, audience: devAudience }),
  };
}
