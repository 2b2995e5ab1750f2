import { loadReferenced } from '@opora/database';
import { actorOf } from '@opora/service-kit';
import { parseInput } from '@opora/subgraph-server';

import type { Resolvers } from '../../generated/resolvers-types';
import { namedPlaces } from '../region/named-places';
import { readable, requireAccess, requireReadableFilter } from '../region/region-place';
import { approveProgrammeInput } from './programme.inputs';

export const programmeResolvers: Resolvers = {
  Query: {
    programme: async (_, args, ctx) =>
      readable(ctx, await ctx.loaders.programme.load(args.id), (programme) => ({
        regionId: programme.regionId,
        municipalityId: programme.municipalityId,
      })),
    programmes: async (_, args, ctx) => {
      await requireReadableFilter(ctx, await namedPlaces(ctx, args, ''));
      return ctx.loaders.programmesOfRegion.load(args.regionId);
    },
  },
  Mutation: {
    /** A programme is an authority's: approved by those who write for the owner's municipality. */
    approveProgramme: async (_, args, ctx) => {
      const input = parseInput(approveProgrammeInput, args.input);
      const owner = await ctx.loaders.organization.load(input.ownerId);
      await requireAccess(
        ctx,
        'write',
        owner && { regionId: owner.regionId, municipalityId: owner.municipalityId },
      );
      return ctx.services.programmes.approve(input, actorOf(ctx));
    },
  },
  Programme: {
    __resolveReference: (ref, ctx) => ctx.loaders.programme.load(ref.id),
    owner: (programme, _, ctx) => loadReferenced(ctx.loaders.organization, programme.ownerId),
    approvingOrder: (programme, _, ctx) =>
      programme.approvingOrderId ? ctx.loaders.order.load(programme.approvingOrderId) : null,
    statuses: (programme, _, ctx) => ctx.loaders.statusesOfProgramme.load(programme.id),
  },
};
