import { createPrivateKey, randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

import { SignJWT } from 'jose';

import { assertScopeFitsRole, claimsOf } from './principal';
import type { Principal } from './principal';

export interface SignOptions {
  privateKeyPem: string;
  issuer: string;
  audience: string;
  /** Lifetime in seconds (default 8 hours: one working day). */
  expiresInSec?: number;
  /** Issue time, seconds since the epoch (tests of expiry). */
  issuedAt?: number;
}

/** Algorithm by key type: ES256 for P-256 keys, RS256 for RSA keys. */
export function algorithmOf(key: KeyObject): 'ES256' | 'RS256' {
  return key.asymmetricKeyType === 'ec' ? 'ES256' : 'RS256';
}

/**
 * Signs a token for a principal. For development and tests only: production tokens come from the
 * identity provider, and no service holds a private key.
 */
export async function signToken(principal: Principal, options: SignOptions): Promise<string> {
  assertScopeFitsRole(principal);
  const key = createPrivateKey(options.privateKeyPem);
  const now = options.issuedAt ?? Math.floor(Date.now() / 1000);
  return new SignJWT(claimsOf(principal))
    .setProtectedHeader({ alg: algorithmOf(key), typ: 'JWT' })
    .setSubject(principal.subject)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresInSec ?? 8 * 3600))
    .setJti(randomUUID())
    .sign(key);
}
