import { loadReferenced } from '@opora/database';
import { scopeCondition } from '@opora/service-kit';
import { actorOf } from '@opora/service-kit';
import { parseInput } from '@opora/subgraph-server';

import type { Resolvers } from '../../generated/resolvers-types';
import { namedPlaces } from '../region/named-places';
import { readable, regionOfScope, requireAccess, requireReadableFilter } from '../region/region-place';
import { issueOrderInput, ordersFilter } from './order.inputs';

export const orderResolvers: Resolvers = {
  Query: {
    /** Orders are the authorities' public acts: readable across the caller's municipality or region. */
    order: async (_, args, ctx) =>
      readable(ctx, await ctx.loaders.order.load(args.id), (order) => ({
        regionId: order.regionId,
        municipalityId: order.municipalityId,
      })),
    orders: async (_, args, ctx) => {
      const filter = parseInput(ordersFilter, args.filter ?? {}, 'filter');
      await requireReadableFilter(ctx, await namedPlaces(ctx, filter));
      return ctx.services.orders.list(
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
      const issuer = await ctx.loaders.organization.load(input.issuerId);
      await requireAccess(
        ctx,
        'write',
        issuer && {
          regionId: issuer.regionId,
          municipalityId: issuer.municipalityId,
          organizationId: issuer.id,
        },
      );
      return ctx.services.orders.issue(input, actorOf(ctx));
    },
  },
  AdministrativeOrder: {
    __resolveReference: (ref, ctx) => ctx.loaders.order.load(ref.id),
    issuer: (order, _, ctx) => loadReferenced(ctx.loaders.organization, order.issuerId),
    assignedStatuses: (order, _, ctx) => ctx.loaders.statusesAssignedByOrder.load(order.id),
    endedStatuses: (order, _, ctx) => ctx.loaders.statusesEndedByOrder.load(order.id),
    approvedProgrammes: (order, _, ctx) => ctx.loaders.programmesApprovedByOrder.load(order.id),
    registeredAt: (order) => order.createdAt,
  },
};
