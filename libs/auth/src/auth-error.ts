export type AuthErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN';

/**
 * Authentication failed (UNAUTHENTICATED: no token, expired, forged, malformed claims) or the
 * principal may not do what it asked (FORBIDDEN). The message is Russian and says what to do;
 * `field` names the argument at fault when there is one.
 */
export class AuthError extends Error {
  override name = 'AuthError';
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  /** HTTP status for errors raised before GraphQL execution. */
  get httpStatus(): 401 | 403 {
    return this.code === 'UNAUTHENTICATED' ? 401 : 403;
  }
}

export const unauthenticated = (message: string) => new AuthError('UNAUTHENTICATED', message);
