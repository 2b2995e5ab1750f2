import type { ServiceProcess } from '@opora/provision';
import { graphql, tokenFor } from '@opora/testing';

import type { RunningGateway } from '../gateway-server';
import { metricSum, scrape, startRegistryProcess, startTestGateway } from './support';

/**
 * Memory that stays where the configuration says (issue #13 point 5, docs/decisions.md §74): the
 * gateway's parsed documents, query plans and persisted queries never hold more operation shapes
 * than GATEWAY_OPERATION_CACHE_ENTRIES, however many distinct shapes arrive, and a shape pushed
 * out is parsed and planned again — still answered.
 */
describe('gateway: operation stores bounded by entry count', () => {
  let registry: ServiceProcess;
  let gateway: RunningGateway;
  const held = async (store: string) =>
    metricSum(await scrape(gateway.url.replace(/\/graphql$/, '')), 'opora_gateway_operation_store_entries', {
      store,
    });

  beforeAll(async () => {
    registry = await startRegistryProcess('gateway_stores');
    gateway = await startTestGateway({
      REGISTRY_URL: registry.graphqlUrl,
      GATEWAY_OPERATION_CACHE_ENTRIES: '5',
    });
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await registry?.stop();
  });

  it('holds at most 5 of 20 distinct shapes in each store, and answers a forgotten shape again', async () => {
    const token = await tokenFor({ subject: 'analyst-1', role: 'ANALYST', regionCode: '47' });
    const shape = (i: number) => `query Shape${i} { v${i}: regions { code ${i % 2 ? 'name' : ''} } }`;
    for (let i = 0; i < 20; i++) {
      const answer = await graphql(gateway.url, shape(i), undefined, {}, { token });
      expect(answer.errors).toBeUndefined();
    }
    expect(await held('documents')).toBe(5);
    expect(await held('plans')).toBe(5);
    const again = await graphql(gateway.url, shape(0), undefined, {}, { token });
    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual({ v0: expect.any(Array) });
    expect(await held('documents')).toBe(5);
  });
});
