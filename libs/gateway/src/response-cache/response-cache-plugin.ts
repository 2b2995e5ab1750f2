import { HeaderMap } from '@apollo/server';
import type { ApolloServerPlugin } from '@apollo/server';
import { OperationTypeNode } from 'graphql';

import type { GatewayContext } from '../gateway-context';
import { nextRegionalMidnight } from './regional-midnight';
import type { ResponseCache } from './response-cache';
import { scopeOf } from './scope';

export type CacheOutcome = 'hit' | 'miss' | 'bypass';

/**
 * Serves a query's whole answer from the cache when the same operation with the same variables
 * was answered to the same scope since the last event that could change it; stores answers
 * without errors. Mutations and requests while invalidation is not running pass through. The
 * outcome is also sent as `x-opora-cache` (hit, miss, bypass).
 */
export function responseCachePlugin(options: {
  cache: ResponseCache;
  ready: () => boolean;
  onOutcome: (outcome: CacheOutcome) => void;
  now?: () => number;
}): ApolloServerPlugin<GatewayContext> {
  const { cache, onOutcome } = options;
  const now = options.now ?? Date.now;
  return {
    requestDidStart() {
      let stored: { key: string; regionCode: string | null; epoch: string } | undefined;
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
          const json = cache.get(key, now());
          if (json === undefined) {
            onOutcome('miss');
            stored = { key, regionCode, epoch };
            return Promise.resolve(null);
          }
          onOutcome('hit');
          const headers = new HeaderMap([['x-opora-cache', 'hit']]);
          return Promise.resolve({
            http: { status: undefined, headers },
            body: { kind: 'single', singleResult: JSON.parse(json) as never },
          });
        },
        willSendResponse({ response }) {
          if (!stored || response.body.kind !== 'single' || response.body.singleResult.errors)
            return Promise.resolve();
          const at = now();
          cache.set(
            stored.key,
            JSON.stringify(response.body.singleResult),
            stored.regionCode,
            stored.epoch,
            nextRegionalMidnight(at),
            at,
          );
          return Promise.resolve();
        },
      });
    },
  };
}
