import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';

import { AuthError, createTokenVerifier } from '@opora/auth';
import type { Principal, TokenVerifier } from '@opora/auth';

import { sendJson } from './http';

export interface AuthEnvironment {
  AUTH_PUBLIC_KEY_FILE?: string;
  AUTH_JWKS_URL?: string;
  AUTH_ISSUER: string;
  AUTH_AUDIENCE: string;
}

/** Where `npm start`, `npm run token` and the tests keep the development key pair. */
export const devKeysDir = '.data/keys';

/** The token verifier a service's environment describes (see authModel in @opora/config). */
export function tokenVerifierFromEnvironment(env: AuthEnvironment): TokenVerifier {
  return createTokenVerifier({
    publicKeyFile:
      env.AUTH_PUBLIC_KEY_FILE ?? (env.AUTH_JWKS_URL ? undefined : resolve(devKeysDir, 'public.pem')),
    jwksUrl: env.AUTH_JWKS_URL,
    issuer: env.AUTH_ISSUER,
    audience: env.AUTH_AUDIENCE,
  });
}

/** The Authorization header of a request (Node keeps only the first of repeated ones). */
export function authorizationOf(req: IncomingMessage): string | undefined {
  return req.headers.authorization;
}

/** Verifies the request's token; answers 401 itself (GraphQL-shaped) and returns undefined when it fails. */
export async function authenticateOrAnswer(
  verify: TokenVerifier,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
): Promise<Principal | undefined> {
  try {
    return await verify(authorizationOf(req));
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    sendJson(
      res,
      error.httpStatus,
      { errors: [{ message: error.message, extensions: { code: error.code } }] },
      { 'www-authenticate': 'Bearer', 'x-request-id': requestId },
    );
    return undefined;
  }
}
