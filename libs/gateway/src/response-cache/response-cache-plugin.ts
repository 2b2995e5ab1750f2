import { HeaderMap } from '@apollo/server';
import type { ApolloServerOptions, ApolloServerPlugin } from '@apollo/server';
import { OperationTypeNode } from 'graphql';
import type { FormattedExecutionResult } from 'graphql';

import type { GatewayContext } from '../gateway-context';
import { nextRegionalMidnight } from './regional-midnight';
import type { ResponseCache } from './response-cache';
import { scopeOf } from './scope';

export type CacheOutcome = 'hit' | 'miss' | 'bypass';

/** What a miss will store once Apollo has serialized the answer. */
interface PendingStore {
  key: string;
  regionCode: string | null;
  epoch: string;
}

/**
 * A hit's answer as Apollo carries it from `responseForOperation` to `stringifyResult`: the text
 * cached, neither parsed nor serialized again.
 */
class CachedText {
  constructor(readonly text: string) {}
}

/**
 * The response cache in front of Apollo (docs/decisions.md §38, §78): serves a query's whole
 * answer from the cache when the same operation with the same variables was answered to the same
 * scope since the last event that could change it; stores answers without errors. Mutations and
 * requests while invalidation is not running pass through. The outcome is also sent as
 * `x-opora-cache` (hit, miss, bypass).
 *
 * Two parts, both to be given to ApolloServer: the plugin, and `stringifyResult`, Apollo's
 * serializer of answers. An answer is serialized once — the text Apollo sends is the text stored —
 * and a hit's text goes out as it was stored, without JSON.parse and JSON.stringify again.
 */
export function responseCacheFront(options: {
  cache: ResponseCache;
  ready: () => boolean;
  onOutcome: (outcome: CacheOutcome) => void;
  now?: () => number;
}): {
  plugin: ApolloServerPlugin<GatewayContext>;
  stringifyResult: NonNullable<ApolloServerOptions<GatewayContext>['stringifyResult']>;
} {
  const { cache, onOutcome } = options;
  const now = options.now ?? Date.now;
  // Answers to store, by their `data` object: the one reference that Apollo hands unchanged from
  // willSendResponse to stringifyResult (which receives a copy of the result's fields).
  const pending = new WeakMap<object, PendingStore>();

  const plugin: ApolloServerPlugin<GatewayContext> = {
    requestDidStart() {
      let miss: PendingStore | undefined;
      return Promise.resolve({
        responseForOperation(request) {
          const cacheable = request.operation?.operation === OperationTypeNode.QUERY && options.ready();
          request.response.http.headers.set('x-opora-cache', cacheable ? 'miss' : 'bypass');
          if (!cacheable) {
            onOutcome('bypass');
            return Promise.resolve(null);
          }
          const { principal } = request.contextValue;
          const key = [
            scopeOf(principal),
            request.queryHash,
            request.operationName ?? '',
            JSON.stringify(request.request.variables ?? {}),
          ].join('\n');
          const regionCode = principal.regionCode;
          // Taken before the subgraphs are asked: an event arriving meanwhile forbids storing.
          const epoch = cache.epoch(regionCode);
          const text = cache.get(key, now());
          if (text === undefined) {
            onOutcome('miss');
            miss = { key, regionCode, epoch };
            return Promise.resolve(null);
          }
          onOutcome('hit');
          const headers = new HeaderMap([['x-opora-cache', 'hit']]);
          return Promise.resolve({
            http: { status: undefined, headers },
            body: { kind: 'single', singleResult: { data: new CachedText(text) as never } },
          });
        },
        willSendResponse({ response }) {
          if (!miss || response.body.kind !== 'single') return Promise.resolve();
          const { data, errors } = response.body.singleResult;
          if (data && !errors) pending.set(data, miss);
          return Promise.resolve();
        },
      });
    },
  };

  const stringifyResult = (value: FormattedExecutionResult): string => {
    const data: unknown = value.data;
    if (data instanceof CachedText) {
      if (!value.errors && !value.extensions) return data.text;
      // Another plugin added to a hit: its answer is the cached data with those additions.
      const cached = JSON.parse(data.text) as FormattedExecutionResult;
      return serialize({ ...value, data: cached.data });
    }
    const text = serialize(value);
    const store = data && typeof data === 'object' ? pending.get(data) : undefined;
    if (store) {
      pending.delete(data as object);
      const at = now();
      cache.set(store.key, text, store.regionCode, store.epoch, nextRegionalMidnight(at), at);
    }
    return text;
  };

  return { plugin, stringifyResult };
}

/** As Apollo Server's own serializer (`prettyJSONStringify`): compact JSON and a line end. */
function serialize(value: FormattedExecutionResult): string {
  return `${JSON.stringify(value)}\n`;
}
