import { ApolloServer, HeaderMap } from '@apollo/server';
import type { Principal } from '@opora/auth';
import { createLogger } from '@opora/logger';

import type { GatewayContext } from '../../gateway-context';
import { ResponseCache } from '../response-cache';
import { responseCacheFront } from '../response-cache-plugin';
import type { CacheOutcome } from '../response-cache-plugin';

/**
 * The cache's front in a real Apollo Server over a small schema: what a client receives on a hit
 * is byte for byte what it received on the miss, serialized once; errors and mutations are not
 * stored. (The gateway with Kafka invalidation: apps/gateway response-cache.e2e.spec.ts.)
 */
describe('responseCacheFront', () => {
  const analyst: Principal = { subject: 'a', role: 'ANALYST', regionCode: '47' };
  let resolved = 0;
  const outcomes: CacheOutcome[] = [];
  const cache = new ResponseCache({ maxBytes: 1_000_000, ttlMs: 60_000 });
  const front = responseCacheFront({ cache, ready: () => true, onOutcome: (o) => outcomes.push(o) });
  const server = new ApolloServer<GatewayContext>({
    typeDefs: `type Query { school(id: ID!): School, broken: String }
      type School { id: ID!, name: String! }
      type Mutation { touch: Int }`,
    resolvers: {
      Query: {
        school: (_: unknown, { id }: { id: string }) => {
          resolved++;
          return { id, name: `Школа «${id}»` };
        },
        broken: () => {
          resolved++;
          throw new Error('сбой');
        },
      },
      Mutation: { touch: () => ++resolved },
    },
    plugins: [front.plugin],
    stringifyResult: front.stringifyResult,
  });
  const logger = createLogger({ service: 'test', level: 'fatal', pretty: false });

  const post = async (query: string, variables?: Record<string, unknown>) => {
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: 'POST',
        headers: new HeaderMap([['content-type', 'application/json']]),
        search: '',
        body: variables ? { query, variables } : { query },
      },
      context: () => Promise.resolve({ requestId: 'r', logger, principal: analyst }),
    });
    if (response.body.kind !== 'complete') throw new Error('a single answer was expected');
    return { text: response.body.string, cache: response.headers.get('x-opora-cache') };
  };

  beforeAll(() => server.start());
  afterAll(() => server.stop());
  beforeEach(() => {
    resolved = 0;
    outcomes.length = 0;
  });

  it('answers a repeat with the very text of the first answer, without resolving again', async () => {
    const query = 'query($id: ID!) { school(id: $id) { id name } }';
    const first = await post(query, { id: '1' });
    const again = await post(query, { id: '1' });
    expect(first).toEqual({ text: '{"data":{"school":{"id":"1","name":"Школа «1»"}}}\n', cache: 'miss' });
    expect(again).toEqual({ text: first.text, cache: 'hit' });
    expect(resolved).toBe(1);
    expect(outcomes).toEqual(['miss', 'hit']);
    // Other variables: another answer.
    expect((await post(query, { id: '2' })).cache).toBe('miss');
  });

  it('does not store answers with errors, nor mutations', async () => {
    expect(JSON.parse((await post('{ broken }')).text)).toMatchObject({
      data: { broken: null },
      errors: [{ message: 'сбой', path: ['broken'] }],
    });
    expect((await post('{ broken }')).cache).toBe('miss');
    expect((await post('mutation { touch }')).cache).toBe('bypass');
    expect((await post('mutation { touch }')).cache).toBe('bypass');
    expect(resolved).toBe(4);
  });
});
