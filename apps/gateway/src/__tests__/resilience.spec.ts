import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { assertAuthorized } from '@opora/auth';
import { createLogger } from '@opora/logger';
import { freePort } from '@opora/provision';
import { startSubgraph, subgraphSdl, tokenVerifierFromEnvironment } from '@opora/subgraph-server';
import type { BaseContext, RunningSubgraph } from '@opora/subgraph-server';
import { eventually, graphql } from '@opora/testing';

import type { RunningGateway } from '../gateway-server';

import { startTestGateway } from './support';

const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@shareable"])';
const probes = {
  alpha: {
    sdl: `${link}\ntype Query { alpha: String whoami: String personalData: String }`,
    resolvers: {
      Query: {
        alpha: () => 'α',
        whoami: (_: unknown, __: unknown, ctx: BaseContext) =>
          `${ctx.principal.role} ${ctx.principal.regionCode}`,
        personalData: (_: unknown, __: unknown, ctx: BaseContext) => {
          assertAuthorized(ctx.principal, 'readPersonalData', { regionCode: '47' });
          return 'Иванова Мария Петровна';
        },
      },
    },
  },
  beta: { sdl: `${link}\ntype Query { beta: String }`, resolvers: { Query: { beta: () => 'β' } } },
};
type ProbeName = keyof typeof probes;

/**
 * Two small subgraphs (no database) behind the real gateway: the token's principal reaches their
 * resolvers, the supergraph file is replaced while the gateway runs, one subgraph goes down and
 * comes back.
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
      modules: [{ typeDefs: probes[name].sdl, resolvers: probes[name].resolvers as never }],
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

  it("gives resolvers the token's principal; a subgraph's FORBIDDEN reaches the client in Russian", async () => {
    const analyst = { as: { subject: 'a', role: 'ANALYST' as const, regionCode: '47' } };
    const who = await graphql(gateway.url, '{ whoami }', undefined, {}, analyst);
    expect(who.data).toEqual({ whoami: 'ANALYST 47' });
    const refused = await graphql(gateway.url, '{ personalData }', undefined, {}, analyst);
    expect(refused.data).toEqual({ personalData: null });
    expect(refused.errors?.[0]).toMatchObject({
      message: 'Роль «аналитик» не даёт права: просмотр персональных данных',
      extensions: { code: 'FORBIDDEN' },
    });
    const admin = { as: { subject: 'r', role: 'REGION_ADMIN' as const, regionCode: '47' } };
    expect((await graphql(gateway.url, '{ personalData }', undefined, {}, admin)).data).toEqual({
      personalData: 'Иванова Мария Петровна',
    });
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
