import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface KeyPairFiles {
  privateKeyFile: string;
  publicKeyFile: string;
}

/** Issuer and audience of development and test tokens (production sets its own through env). */
export const devIssuer = 'opora-dev';
export const devAudience = 'opora-api';

/**
 * The development key pair (ES256, P-256) in `dir`, generated on first use. `npm start`, the
 * token command and the tests share it; the folder (.data/keys) is git-ignored. Files are
 * written under a temporary name and renamed, so two first starts at once never read half a key.
 */
export function ensureDevKeys(dir: string): KeyPairFiles {
  const files = { privateKeyFile: join(dir, 'private.pem'), publicKeyFile: join(dir, 'public.pem') };
  if (existsSync(files.privateKeyFile) && existsSync(files.publicKeyFile)) return files;
  mkdirSync(dir, { recursive: true });
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const suffix = `.${process.pid}.tmp`;
  writeFileSync(files.privateKeyFile + suffix, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
    mode: 0o600,
  });
  writeFileSync(files.publicKeyFile + suffix, publicKey.export({ type: 'spki', format: 'pem' }));
  renameSync(files.publicKeyFile + suffix, files.publicKeyFile);
  renameSync(files.privateKeyFile + suffix, files.privateKeyFile);
  return files;
}

export function readPem(file: string): string {
  return readFileSync(file, 'utf8');
}
