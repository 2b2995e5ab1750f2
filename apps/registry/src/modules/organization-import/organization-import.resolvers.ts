import { actorOf } from '@opora/service-kit';
import { parseInput } from '@opora/subgraph-server';

import type { Resolvers } from '../../generated/resolvers-types';
import { requireAccess } from '../region/region-access';
import { placeOfRegion } from '../region/region.place';
import { importOrganizationsInput } from './organization-import.inputs';

export const organizationImportResolvers: Resolvers = {
  Mutation: {
    /** An import writes across the region's municipalities: the region's administrator's act. */
    importOrganizations: async (_, args, ctx) => {
      const input = parseInput(importOrganizationsInput, args.input);
      const region = await ctx.loaders.region.byId.load(input.regionId);
      await requireAccess(ctx, 'write', region && placeOfRegion(region));
      return ctx.services.organizationImport.import(input, actorOf(ctx));
    },
  },
};
