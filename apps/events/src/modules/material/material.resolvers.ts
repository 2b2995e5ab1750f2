import { actorOf } from '@opora/service-kit';
import { parseInput } from '@opora/subgraph-server';

import type { Resolvers } from '../../generated/resolvers-types';
import { placeOfOrganization, requireAccess, requireReadableFilter } from '../organization/organization.access';
import { publishMaterialInput } from './material.inputs';

export const materialResolvers: Resolvers = {
  Query: {
    materials: async (_, args, ctx) => {
      const organization = await ctx.loaders.organization.byId.load(args.organizationId);
      // Materials are spread across the region (002 §2.2.4): read at the region's level.
      await requireReadableFilter(ctx, [
        { field: 'organizationId', place: organization && { regionId: organization.regionId } },
      ]);
      return organization ? ctx.loaders.material.ofOrganization.load(organization.id) : [];
    },
  },
  Mutation: {
    publishMaterial: async (_, args, ctx) => {
      const input = parseInput(publishMaterialInput, args.input);
      const organization = await ctx.loaders.organization.byId.load(input.organizationId);
      await requireAccess(ctx, 'write', organization && placeOfOrganization(organization));
      return ctx.services.material.publish(input, actorOf(ctx));
    },
  },
  Material: {
    file: (m) => (m.fileName ? { name: m.fileName, size: m.fileSize ?? 0, mediaType: m.mediaType ?? 'application/octet-stream' } : null),
    organization: (m) => ({ id: m.organizationId }),
    event: (m, _, ctx) => (m.eventId ? ctx.loaders.event.byId.load(m.eventId) : null),
    planItem: (m) => (m.planItemId ? { id: m.planItemId } : null),
  },
  Event: {
    materials: (e, _, ctx) => ctx.loaders.material.ofEvent.load(e.id),
  },
};
