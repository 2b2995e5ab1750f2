import { loadReferenced } from '@opora/database';
import { scopeCondition } from '@opora/service-kit';
import { actorOf } from '@opora/service-kit';
import { parseInput } from '@opora/subgraph-server';

import type { Resolvers } from '../../generated/resolvers-types';
import { placeOfOrganization } from '../organization/organization.place';
import { namedPlaces } from '../region/named-places';
import { readable, regionOfScope, requireAccess, requireReadableFilter } from '../region/region-access';
import { issueOrderInput, ordersFilter } from './order.inputs';
import { placeOfOrder } from './order.place';

export const orderResolvers: Resolvers = {
  Query: {
    /** Orders are the authorities' public acts: readable across the caller's municipality or region. */
    order: async (_, args, ctx) => readable(ctx, await ctx.loaders.order.byId.load(args.id), placeOfOrder),
    orders: async (_, args, ctx) => {
      const filter = parseInput(ordersFilter, args.filter ?? {}, 'filter');
      await requireReadableFilter(ctx, await namedPlaces(ctx, filter));
      return ctx.services.order.list(
        filter,
        args,
        scopeCondition(ctx.principal, {
          region: regionOfScope('d.region_id'),
          municipalityId: 'd.municipality_id',
        }),
      );
    },
  },
  Mutation: {
    /** An organization's order is entered by those who may write for that organization. */
    issueOrder: async (_, args, ctx) => {
      const input = parseInput(issueOrderInput, args.input);
      const issuer = await ctx.loaders.organization.byId.load(input.issuerId);
      await requireAccess(ctx, 'write', issuer && placeOfOrganization(issuer));
      return ctx.services.order.issue(input, actorOf(ctx));
    },
  },
  AdministrativeOrder: {
    __resolveReference: (ref, ctx) => ctx.loaders.order.byId.load(ref.id),
    issuer: (order, _, ctx) => loadReferenced(ctx.loaders.organization.byId, order.issuerId),
    assignedStatuses: (order, _, ctx) => ctx.loaders.status.assignedByOrder.load(order.id),
    endedStatuses: (order, _, ctx) => ctx.loaders.status.endedByOrder.load(order.id),
    approvedProgrammes: (order, _, ctx) => ctx.loaders.programme.approvedByOrder.load(order.id),
    registeredAt: (order) => order.createdAt,
  },
};
