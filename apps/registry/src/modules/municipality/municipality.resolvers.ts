import { loadReferenced } from '@opora/database';
import { actorOf } from '@opora/service-kit';
import { parseInput } from '@opora/subgraph-server';

import type { Resolvers } from '../../generated/resolvers-types';
import { readable, requireAccess } from '../region/region-place';
import { createMunicipalityInput } from './municipality.inputs';

export const municipalityResolvers: Resolvers = {
  Query: {
    municipality: async (_, args, ctx) =>
      readable(ctx, await ctx.loaders.municipality.load(args.id), (municipality) => ({
        regionId: municipality.regionId,
        municipalityId: municipality.id,
      })),
  },
  Mutation: {
    createMunicipality: async (_, args, ctx) => {
      const input = parseInput(createMunicipalityInput, args.input);
      await requireAccess(ctx, 'write', { regionId: input.regionId });
      return ctx.services.municipalities.create(input, actorOf(ctx));
    },
  },
  Municipality: {
    __resolveReference: (ref, ctx) => ctx.loaders.municipality.load(ref.id),
    region: (municipality, _, ctx) => loadReferenced(ctx.loaders.region, municipality.regionId),
    /** School staff see their own organization only (the list's scope, as in `organizations`). */
    organizations: async (municipality, _, ctx) =>
      (await ctx.loaders.organizationsOfMunicipality.load(municipality.id)).filter(
        (organization) => !ctx.principal.organizationId || organization.id === ctx.principal.organizationId,
      ),
  },
};
