import { loadReferenced } from '@opora/database';
import { actorOf, atMunicipality } from '@opora/service-kit';
import { parseInput } from '@opora/subgraph-server';

import type { Resolvers } from '../../generated/resolvers-types';
import { placeOfOrganization } from '../organization/organization.place';
import { namedPlaces } from '../region/named-places';
import { readable, requireAccess, requireReadableFilter } from '../region/region-access';
import { approveProgrammeInput } from './programme.inputs';
import { placeOfProgramme } from './programme.place';

export const programmeResolvers: Resolvers = {
  Query: {
    programme: async (_, args, ctx) =>
      readable(ctx, await ctx.loaders.programme.byId.load(args.id), placeOfProgramme),
    programmes: async (_, args, ctx) => {
      await requireReadableFilter(ctx, await namedPlaces(ctx, args, ''));
      return ctx.loaders.programme.ofRegion.load(args.regionId);
    },
  },
  Mutation: {
    /** A programme is an authority's: approved by those who write for the owner's municipality. */
    approveProgramme: async (_, args, ctx) => {
      const input = parseInput(approveProgrammeInput, args.input);
      const owner = await ctx.loaders.organization.byId.load(input.ownerId);
      await requireAccess(ctx, 'write', owner && atMunicipality(placeOfOrganization(owner)));
      return ctx.services.programme.approve(input, actorOf(ctx));
    },
  },
  Programme: {
    __resolveReference: (ref, ctx) => ctx.loaders.programme.byId.load(ref.id),
    owner: (programme, _, ctx) => loadReferenced(ctx.loaders.organization.byId, programme.ownerId),
    approvingOrder: (programme, _, ctx) =>
      programme.approvingOrderId ? ctx.loaders.order.byId.load(programme.approvingOrderId) : null,
    statuses: (programme, _, ctx) => ctx.loaders.status.ofProgramme.load(programme.id),
  },
};
