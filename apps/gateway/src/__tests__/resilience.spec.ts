import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { createLogger } from '@opora/logger';
import { freePort } from '@opora/provision';
import { startSubgraph, subgraphSdl, tokenVerifierFromEnvironment } from '@opora/subgraph-server';
import type { RunningSubgraph } from '@opora/subgraph-server';
import { eventually, graphql } from '@opora/testing';

import type { RunningGateway } from '../gateway-server';

import { startTestGateway } from './support';

const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@shareable"])';
const probes = {
  alpha: { sdl: `${link}\ntype Query { alpha: String }`, resolvers: { Query: { alpha: () => 'α' } } },
  beta: { sdl: `${link}\ntype Query { beta: String }`, resolvers: { Query: { beta: () => 'β' } } },
};
type ProbeName = keyof typeof probes;

/**
 * Two small subgraphs (no database) behind the real gateway: the supergraph file is replaced
 * while the gateway runs, one subgraph goes down and comes back.
 */
describe('gateway resilience', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opora-supergraph-'));
  const supergraphFile = join(dir, 'supergraph.graphql');
  const ports: Partial<Record<ProbeName, number>> = {};
  const running: Partial<Record<ProbeName, RunningSubgraph>> = {};
  let gateway: RunningGateway;

  const start = async (name: ProbeName) => {
    ports[name] ??= await freePort();
    running[name] = await startSubgraph({
      name,
      host: '127.0.0.1',
      port: ports[name],
      logger: createLogger({ service: name, level: 'fatal' }),
      modules: [{ typeDefs: probes[name].sdl, resolvers: probes[name].resolvers }],
      createContext: (base) => base,
      readiness: [],
      onShutdown: [],
      verifyToken: tokenVerifierFromEnvironment({
        AUTH_PUBLIC_KEY_FILE: process.env.AUTH_PUBLIC_KEY_FILE,
        AUTH_ISSUER: 'opora-dev',
        AUTH_AUDIENCE: 'opora-api',
      }),
    });
  };
  const writeSupergraph = (names: ProbeName[]) => {
    const result = composeServices(
      names.map((name) => ({
        name,
        typeDefs: parse(subgraphSdl([probes[name].sdl])),
        url: `http://127.0.0.1:${ports[name]}/graphql`,
      })),
    );
    if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
    writeFileSync(supergraphFile, result.supergraphSdl);
  };

  beforeAll(async () => {
    await start('alpha');
    await start('beta');
    writeSupergraph(['alpha']);
    gateway = await startTestGateway({ SUPERGRAPH_PATH: supergraphFile, SUPERGRAPH_POLL_MS: '200' });
  });

  afterAll(async () => {
    await gateway?.stop();
    await running.alpha?.stop();
    await running.beta?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reloads a changed supergraph without a restart', async () => {
    expect((await graphql(gateway.url, '{ alpha }')).data).toEqual({ alpha: 'α' });
    expect((await graphql(gateway.url, '{ beta }')).errors?.[0].extensions?.code).toBe(
      'GRAPHQL_VALIDATION_FAILED',
    );
    writeSupergraph(['alpha', 'beta']);
    await eventually(
      async () => (await graphql(gateway.url, '{ alpha beta }')).data?.beta === 'β',
      20_000,
      'новый суперграф подхвачен',
    );
  });

  it('answers with partial data and an error naming the service while a subgraph is down, and recovers', async () => {
    await running.beta!.stop();
    const partial = await graphql(gateway.url, '{ alpha beta }');
    expect(partial.status).toBe(200);
    expect(partial.data).toEqual({ alpha: 'α', beta: null });
    expect(partial.errors).toHaveLength(1);
    expect(partial.errors?.[0]).toMatchObject({
      message: expect.stringContaining('«beta»'),
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', service: 'beta' },
    });
    await start('beta');
    const recovered = await graphql(gateway.url, '{ alpha beta }');
    expect(recovered).toMatchObject({ status: 200, data: { alpha: 'α', beta: 'β' } });
    expect(recovered.errors).toBeUndefined();
  });
});
