import { GraphQLError } from 'graphql';
import { AuthError } from '@opora/auth';

import { translateGraphQLJsError } from './graphql-js-errors';

/**
 * A rule of the domain was broken by what the user asked. Each feature declares the union of its
 * codes and throws DomainError<ThatUnion>; `toGraphQLError` gives every such error one shape:
 * `extensions.code` (stable, for programs), `extensions.field` (what to fix) and a Russian message.
 */
export class DomainError<Code extends string = string> extends Error {
  override name = 'DomainError';
  constructor(
    readonly code: Code,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Input that does not fit the schema's rules (lengths, formats, check digits). */
export class InputError extends DomainError<'BAD_USER_INPUT'> {
  constructor(message: string, field: string) {
    super('BAD_USER_INPUT', message, field);
  }
}

export function toGraphQLError(error: DomainError): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: {
      code: error.code,
      ...(error.field ? { field: error.field } : {}),
      ...(error.details ?? {}),
    },
  });
}

/**
 * Apollo's formatError: domain errors and authorization errors (FORBIDDEN from `assertAuthorized`)
 * keep their code and field; anything unexpected is logged
 * by the caller and reaches the client as INTERNAL_SERVER_ERROR without internals.
 */
export function formatSubgraphError(
  formatted: { message: string; extensions?: Record<string, unknown> },
  error: unknown,
): { message: string; extensions?: Record<string, unknown> } {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof DomainError || original instanceof AuthError) {
    return {
      ...formatted,
      message: original.message,
      extensions: {
        code: original.code,
        ...(original.field ? { field: original.field } : {}),
        ...(original instanceof DomainError ? (original.details ?? {}) : {}),
      },
    };
  }
  const translated = translateGraphQLJsError(formatted, error);
  if (translated !== formatted) return translated;
  const code = formatted.extensions?.code;
  if (code === 'INTERNAL_SERVER_ERROR' || code === undefined) {
    return {
      message: 'Внутренняя ошибка сервиса; повторите запрос позже',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  }
  return formatted;
}

/** graphql-js's variable errors in Russian with the input field's path (see graphql-js-errors.ts). */
export const translateVariableError = (formatted: {
  message: string;
  extensions?: Record<string, unknown>;
}) => translateGraphQLJsError(formatted);
