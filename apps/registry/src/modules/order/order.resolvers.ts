import { parseInput } from '@opora/subgraph-server';
import type { PageArgs } from '@opora/subgraph-server';

import type { RegistryContext } from '../../registry-context';
import { actorOf } from '../shared/actor';
import type { AdministrativeOrderEntity } from './order.entity';
import { issueOrderInput, ordersFilter } from './order.inputs';

export const orderResolvers = {
  Query: {
    order: (_: unknown, args: { id: string }, ctx: RegistryContext) => ctx.loaders.order.load(args.id),
    orders: (_: unknown, args: PageArgs & { filter?: unknown }, ctx: RegistryContext) =>
      ctx.services.orders.list(parseInput(ordersFilter, args.filter ?? {}, 'filter'), args),
  },
  Mutation: {
    issueOrder: (_: unknown, args: { input: unknown }, ctx: RegistryContext) =>
      ctx.services.orders.issue(parseInput(issueOrderInput, args.input), actorOf(ctx)),
  },
  AdministrativeOrder: {
    __resolveReference: (ref: { id: string }, ctx: RegistryContext) => ctx.loaders.order.load(ref.id),
    issuer: (order: AdministrativeOrderEntity, _: unknown, ctx: RegistryContext) =>
      ctx.loaders.organization.load(order.issuerId),
    assignedStatuses: (order: AdministrativeOrderEntity, _: unknown, ctx: RegistryContext) =>
      ctx.loaders.statusesAssignedByOrder.load(order.id),
    endedStatuses: (order: AdministrativeOrderEntity, _: unknown, ctx: RegistryContext) =>
      ctx.loaders.statusesEndedByOrder.load(order.id),
    approvedProgrammes: (order: AdministrativeOrderEntity, _: unknown, ctx: RegistryContext) =>
      ctx.loaders.programmesApprovedByOrder.load(order.id),
    registeredAt: (order: AdministrativeOrderEntity) => order.createdAt,
  },
};
