import { join } from 'node:path';

import { devAudience, devIssuer, ensureDevKeys, readPem, signToken } from '@opora/auth';
import type { Principal } from '@opora/auth';
import { workspaceRoot } from '@opora/provision';

/**
 * The key pair of the test run: the development pair in .data/keys (generated on first use).
 * globalSetup exports AUTH_PUBLIC_KEY_FILE, so services started by specs (in this process, whose
 * default is the same file, or as child processes) verify what `tokenFor` signs.
 */
export function testKeys() {
  return ensureDevKeys(process.env.OPORA_TEST_KEYS_DIR ?? join(workspaceRoot(), '.data/keys'));
}

/** The operator of the platform: what specs act as unless they say otherwise. */
export const platformAdmin: Principal = {
  subject: 'test-platform-admin',
  name: 'Тестовый администратор платформы',
  role: 'PLATFORM_ADMIN',
  regionCode: null,
};

/** A signed access token for `principal` (ES256, dev issuer and audience, 1 hour by default). */
export async function tokenFor(
  principal: Principal,
  options: { expiresInSec?: number; issuedAt?: number } = {},
): Promise<string> {
  return signToken(principal, {
    privateKeyPem: readPem(testKeys().privateKeyFile),
    issuer: devIssuer,
    audience: devAudience,
    expiresInSec: options.expiresInSec ?? 3600,
    issuedAt: options.issuedAt,
  });
}

let adminToken: Promise<string> | undefined;
/** The platform admin's token, signed once per test file. */
export function platformAdminToken(): Promise<string> {
  adminToken ??= tokenFor(platformAdmin);
  return adminToken;
}
