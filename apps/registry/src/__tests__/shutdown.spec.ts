import { Agent, request } from 'node:http';

import { startSubgraphProcess, tokenFor, uniqueSuffix } from '@opora/testing';

/**
 * Ctrl-C under `npm start` reaches a service twice: SIGINT from the terminal, SIGTERM from the
 * start script stopping it. Callers such as the gateway keep connections alive (65 s). The service
 * once hung on those connections until it was killed, before its consumers left their Kafka
 * groups, so the next start waited ~30 s for the old members' sessions (issue #8).
 */
describe('registry process stopped the way npm start stops it', () => {
  it('stops by itself, cleanly, with a caller holding a keep-alive connection and two signals', async () => {
    const registry = await startSubgraphProcess('registry', {
      prefix: 'shutdown',
      env: {
        // As under npm start (Jest's NODE_ENV=test changes how Apollo Server treats signals).
        NODE_ENV: 'development',
        LOG_LEVEL: 'info',
        SCHEDULER_INTERVAL_MS: '0',
        AGREEMENTS_CONSUMER_GROUP: `registry.agreements.shutdown.${uniqueSuffix()}`,
      },
    });
    const agent = new Agent({ keepAlive: true, keepAliveMsecs: 60_000 });
    try {
      const token = await tokenFor({ subject: 'shutdown-spec', role: 'PLATFORM_ADMIN', regionCode: null });
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          registry.graphqlUrl,
          {
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ query: '{ __typename }' }));
      });
      expect(status).toBe(200);

      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        registry.child.once('exit', (code, signal) => resolve({ code, signal })),
      );
      registry.child.kill('SIGINT');
      await new Promise((r) => setTimeout(r, 50));
      registry.child.kill('SIGTERM');
      // Bounded wait: a hang shows as the process still running when the bound is reached.
      const outcome = await Promise.race([
        exited,
        new Promise<'still running'>((r) => setTimeout(() => r('still running'), 20_000)),
      ]);
      expect(outcome).toEqual({ code: 0, signal: null });
      expect(registry.output()).toMatch(/"msg":"stopped"|INFO.*stopped/);
    } finally {
      agent.destroy();
      await registry.stop();
    }
  });
});
