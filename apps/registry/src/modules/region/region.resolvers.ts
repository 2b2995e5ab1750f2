import { assertAuthorized } from '@opora/auth';
import { actorOf } from '@opora/service-kit';
import { parseInput } from '@opora/subgraph-server';

import type { Resolvers } from '../../generated/resolvers-types';
import type { RegistryContext } from '../../registry-context';
import { readable } from './region-place';
import type { RegionEntity } from './region.entity';
import { createRegionInput } from './region.inputs';

export const regionResolvers: Resolvers = {
  Query: {
    region: async (_: unknown, args: { id: string }, ctx: RegistryContext) =>
      readable(ctx, await ctx.loaders.region.load(args.id), (region) => ({ regionId: region.id })),
    regionByCode: async (_: unknown, args: { code: string }, ctx: RegistryContext) =>
      readable(ctx, await ctx.services.regions.byCode(args.code), (region) => ({ regionId: region.id })),
    regions: async (_: unknown, __: unknown, ctx: RegistryContext) =>
      (await ctx.services.regions.list()).filter(
        (region) => ctx.principal.regionCode === null || region.code === ctx.principal.regionCode,
      ),
  },
  Mutation: {
    createRegion: (_: unknown, args: { input: unknown }, ctx: RegistryContext) => {
      const input = parseInput(createRegionInput, args.input);
      assertAuthorized(ctx.principal, 'administer', { regionCode: input.code });
      return ctx.services.regions.create(input, actorOf(ctx));
    },
  },
  Region: {
    __resolveReference: (ref: { id: string }, ctx: RegistryContext) => ctx.loaders.region.load(ref.id),
    municipalities: (region: RegionEntity, _: unknown, ctx: RegistryContext) =>
      ctx.loaders.municipalitiesOfRegion.load(region.id),
  },
};
