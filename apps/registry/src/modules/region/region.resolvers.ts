import { assertAuthorized } from '@opora/auth';
import { actorOf } from '@opora/service-kit';
import { parseInput } from '@opora/subgraph-server';

import type { Resolvers } from '../../generated/resolvers-types';
import { readable } from './region-access';
import { createRegionInput } from './region.inputs';
import { placeOfRegion } from './region.place';

export const regionResolvers: Resolvers = {
  Query: {
    region: async (_, args, ctx) => readable(ctx, await ctx.loaders.region.byId.load(args.id), placeOfRegion),
    regionByCode: async (_, args, ctx) =>
      readable(ctx, await ctx.services.region.byCode(args.code), placeOfRegion),
    regions: async (_, __, ctx) =>
      (await ctx.services.region.list()).filter(
        (region) => ctx.principal.regionCode === null || region.code === ctx.principal.regionCode,
      ),
  },
  Mutation: {
    createRegion: (_, args, ctx) => {
      const input = parseInput(createRegionInput, args.input);
      assertAuthorized(ctx.principal, 'administer', { regionCode: input.code });
      return ctx.services.region.create(input, actorOf(ctx));
    },
  },
  Region: {
    __resolveReference: (ref, ctx) => ctx.loaders.region.byId.load(ref.id),
    municipalities: (region, _, ctx) => ctx.loaders.municipality.ofRegion.load(region.id),
  },
};
