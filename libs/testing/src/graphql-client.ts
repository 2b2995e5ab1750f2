import type { Principal } from '@opora/auth';

import { platformAdminToken, tokenFor } from './tokens';

export interface GraphQLResponse<Data = Record<string, any>> {
  status: number;
  data?: Data | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
  headers: Headers;
}

/**
 * Who the request is from: a principal (a token is signed for it), a ready token, or `null` for
 * no Authorization header at all. Default: the platform admin.
 */
export type RequestAuth = { as: Principal } | { token: string | null };

async function authorizationHeader(auth?: RequestAuth): Promise<Record<string, string>> {
  if (!auth) return { authorization: `Bearer ${await platformAdminToken()}` };
  if ('as' in auth) return { authorization: `Bearer ${await tokenFor(auth.as)}` };
  return auth.token === null ? {} : { authorization: `Bearer ${auth.token}` };
}

/** A minimal GraphQL-over-HTTP client (POST, JSON), as any client of the API would speak it. */
export async function graphql<Data = Record<string, any>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
  auth?: RequestAuth,
): Promise<GraphQLResponse<Data>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await authorizationHeader(auth)), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Data; errors?: GraphQLResponse['errors'] };
  return { status: response.status, data: body.data, errors: body.errors, headers: response.headers };
}

/** Same, but fails the test with the server's errors when there are any. */
export async function graphqlOk<Data = Record<string, any>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers?: Record<string, string>,
  auth?: RequestAuth,
): Promise<Data> {
  const result = await graphql<Data>(url, query, variables, headers, auth);
  if (result.errors?.length || !result.data) {
    throw new Error(`GraphQL errors: ${JSON.stringify(result.errors ?? result)}`);
  }
  return result.data;
}
