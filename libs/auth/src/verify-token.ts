import { createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import type { JWTVerifyGetKey } from 'jose';

import { AuthError } from './auth-error';
import { principalFromClaims } from './principal';
import type { Principal } from './principal';

export interface TokenVerifierOptions {
  /** PEM (SPKI) public key file; exactly one of publicKeyFile and jwksUrl. */
  publicKeyFile?: string;
  /** JWKS endpoint of the identity provider. */
  jwksUrl?: string;
  issuer: string;
  audience: string;
  /** Allowed clock skew between issuer and verifier, seconds. */
  clockToleranceSec?: number;
}

export type TokenVerifier = (authorization: string | undefined) => Promise<Principal>;

/** Only asymmetric algorithms: a verifier never holds a key that could sign. */
export const algorithms = ['ES256', 'RS256'];

/**
 * Verifies `Authorization: Bearer <JWT>` (signature with the configured public key or JWKS,
 * issuer, audience, expiry with a small tolerance) and returns the principal. Every failure is
 * an AuthError UNAUTHENTICATED with a Russian message; the key file is read once, here, so a
 * missing file fails at start-up rather than per request.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const key = verificationKey(options);
  return async (authorization) => {
    const token = bearerToken(authorization);
    try {
      const { payload } = await jwtVerify(token, key as KeyObject, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms,
        clockTolerance: options.clockToleranceSec ?? 5,
        requiredClaims: ['exp', 'sub'],
      });
      return principalFromClaims(payload);
    } catch (error) {
      if (error instanceof AuthError) throw error;
      throw new AuthError('UNAUTHENTICATED', reason(error));
    }
  };
}

function verificationKey(options: TokenVerifierOptions): KeyObject | JWTVerifyGetKey {
  if (options.publicKeyFile && options.jwksUrl)
    throw new Error('Задайте что-то одно: AUTH_PUBLIC_KEY_FILE или AUTH_JWKS_URL');
  if (options.jwksUrl) return createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: 3000 });
  if (!options.publicKeyFile)
    throw new Error('Не задан ключ проверки токенов: AUTH_PUBLIC_KEY_FILE или AUTH_JWKS_URL');
  let pem: string;
  try {
    pem = readFileSync(options.publicKeyFile, 'utf8');
  } catch {
    throw new Error(`Файл открытого ключа ${options.publicKeyFile} не читается`);
  }
  return createPublicKey(pem);
}

function bearerToken(authorization: string | undefined): string {
  if (!authorization)
    throw new AuthError('UNAUTHENTICATED', 'Нужен токен: заголовок Authorization: Bearer <токен>');
  const match = /^Bearer\s+([\w-]+\.[\w-]+\.[\w-]+)\s*$/i.exec(authorization);
  if (!match) throw new AuthError('UNAUTHENTICATED', 'Заголовок Authorization должен иметь вид Bearer <JWT>');
  return match[1];
}

function reason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'Срок действия токена истёк: получите новый';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'Подпись токена неверна';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'Токен выпущен не тем издателем';
    if (error.claim === 'aud') return 'Токен выпущен не для этого API';
    if (error.claim === 'nbf') return 'Токен ещё не действует';
    return `Токен не подходит: ${error.claim}`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return 'Алгоритм подписи токена не допускается';
  if (error instanceof errors.JWKSNoMatchingKey) return 'Ключ подписи токена неизвестен';
  return 'Токен не читается';
}
