import type { ServiceProcess } from '@opora/provision';
import { graphql, tokenFor } from '@opora/testing';

import type { RunningGateway } from '../gateway-server';
import { metricSum, scrape, startRegistryProcess, startTestGateway } from './support';

/**
 * Identical subgraph queries in flight at once are sent once only under the same token: the
 * registry counts the requests it receives, and the gateway counts the ones it merged.
 */
describe('gateway: scope-safe request merging', () => {
  let registry: ServiceProcess;
  let gateway: RunningGateway;
  const query = '{ regions { code name municipalities { name } } }';
  const burst = 30;

  const subgraphRequests = async () =>
    metricSum(await scrape(registry.baseUrl), 'opora_http_graphql_requests_total');
  const merged = async () =>
    metricSum(await scrape(gateway.url.replace(/\/graphql$/, '')), 'opora_subgraph_requests_merged_total');

  beforeAll(async () => {
    registry = await startRegistryProcess('gateway_merging');
    gateway = await startTestGateway({ REGISTRY_URL: registry.graphqlUrl });
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await registry?.stop();
  });

  it('sends identical queries of one user in flight together fewer times than asked, each with the full answer', async () => {
    const token = await tokenFor({ subject: 'analyst-1', role: 'ANALYST', regionCode: '47' });
    const single = await graphql(gateway.url, query, undefined, {}, { token });
    const [requestsBefore, mergedBefore] = [await subgraphRequests(), await merged()];
    const answers = await Promise.all(
      Array.from({ length: burst }, () => graphql(gateway.url, query, undefined, {}, { token })),
    );
    for (const answer of answers) expect(answer.data).toEqual(single.data);
    const sent = (await subgraphRequests()) - requestsBefore;
    expect(sent).toBeLessThan(burst);
    expect((await merged()) - mergedBefore).toBe(burst - sent);
  });

  it("never merges two users' queries, however identical: each token reaches the subgraph", async () => {
    const tokens = await Promise.all(
      Array.from({ length: burst }, (_, i) =>
        tokenFor({ subject: `analyst-${i}`, role: 'ANALYST', regionCode: '47' }),
      ),
    );
    const [requestsBefore, mergedBefore] = [await subgraphRequests(), await merged()];
    await Promise.all(tokens.map((token) => graphql(gateway.url, query, undefined, {}, { token })));
    expect((await subgraphRequests()) - requestsBefore).toBe(burst);
    expect(await merged()).toBe(mergedBefore);
  });
});
