import { assertAuthorized } from '@opora/auth';
import { actorOf } from '@opora/service-kit';
import { parseInput } from '@opora/subgraph-server';

import type { Resolvers } from '../../generated/resolvers-types';
import { readable } from './region-place';
import { createRegionInput } from './region.inputs';

export const regionResolvers: Resolvers = {
  Query: {
    region: async (_, args, ctx) =>
      readable(ctx, await ctx.loaders.region.load(args.id), (region) => ({ regionId: region.id })),
    regionByCode: async (_, args, ctx) =>
      readable(ctx, await ctx.services.regions.byCode(args.code), (region) => ({ regionId: region.id })),
    regions: async (_, __, ctx) =>
      (await ctx.services.regions.list()).filter(
        (region) => ctx.principal.regionCode === null || region.code === ctx.principal.regionCode,
      ),
  },
  Mutation: {
    createRegion: (_, args, ctx) => {
      const input = parseInput(createRegionInput, args.input);
      assertAuthorized(ctx.principal, 'administer', { regionCode: input.code });
      return ctx.services.regions.create(input, actorOf(ctx));
    },
  },
  Region: {
    __resolveReference: (ref, ctx) => ctx.loaders.region.load(ref.id),
    municipalities: (region, _, ctx) => ctx.loaders.municipalitiesOfRegion.load(region.id),
  },
};
