import { loadReferenced } from '@opora/database';
import { actorOf } from '@opora/service-kit';
import { parseInput } from '@opora/subgraph-server';

import type { Resolvers } from '../../generated/resolvers-types';
import { readable, requireAccess } from '../region/region-access';
import { placeOfRegion } from '../region/region.place';
import { createMunicipalityInput } from './municipality.inputs';
import { placeOfMunicipality } from './municipality.place';

export const municipalityResolvers: Resolvers = {
  Query: {
    municipality: async (_, args, ctx) =>
      readable(ctx, await ctx.loaders.municipality.byId.load(args.id), placeOfMunicipality),
  },
  Mutation: {
    /** A municipality is written at its region (an unknown region: the service's REGION_NOT_FOUND). */
    createMunicipality: async (_, args, ctx) => {
      const input = parseInput(createMunicipalityInput, args.input);
      const region = await ctx.loaders.region.byId.load(input.regionId);
      await requireAccess(ctx, 'write', region && placeOfRegion(region));
      return ctx.services.municipality.create(input, actorOf(ctx));
    },
  },
  Municipality: {
    __resolveReference: (ref, ctx) => ctx.loaders.municipality.byId.load(ref.id),
    region: (municipality, _, ctx) => loadReferenced(ctx.loaders.region.byId, municipality.regionId),
    /** School staff see their own organization only (the list's scope, as in `organizations`). */
    organizations: async (municipality, _, ctx) =>
      (await ctx.loaders.organization.ofMunicipality.load(municipality.id)).filter(
        (organization) => !ctx.principal.organizationId || organization.id === ctx.principal.organizationId,
      ),
  },
};
