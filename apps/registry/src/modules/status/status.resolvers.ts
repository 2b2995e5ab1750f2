import { parseInput } from '@opora/subgraph-server';

import type { RegistryContext } from '../../registry-context';
import type { MunicipalityEntity } from '../municipality/municipality.entity';
import type { OrganizationEntity } from '../organization/organization.entity';
import { actorOf } from '../shared/actor';
import type { StatusAssignmentEntity } from './status.entity';
import {
  appointSiteHeadInput,
  assignStatusInput,
  correctStatusInput,
  endStatusEarlyInput,
} from './status.inputs';
import { heldThrough } from './status.rules';

export const statusResolvers = {
  Query: {
    status: (_: unknown, args: { id: string }, ctx: RegistryContext) => ctx.loaders.status.load(args.id),
  },
  Mutation: {
    assignStatus: (_: unknown, args: { input: unknown }, ctx: RegistryContext) =>
      ctx.services.statuses.assign(parseInput(assignStatusInput, args.input), actorOf(ctx)),
    endStatusEarly: (_: unknown, args: { input: unknown }, ctx: RegistryContext) =>
      ctx.services.statuses.endEarly(parseInput(endStatusEarlyInput, args.input), actorOf(ctx)),
    correctStatus: (_: unknown, args: { input: unknown }, ctx: RegistryContext) =>
      ctx.services.statuses.correct(parseInput(correctStatusInput, args.input), actorOf(ctx)),
    appointSiteHead: (_: unknown, args: { input: unknown }, ctx: RegistryContext) =>
      ctx.services.statuses.appointSiteHead(parseInput(appointSiteHeadInput, args.input), actorOf(ctx)),
  },
  Municipality: {
    statusCounts: (
      municipality: MunicipalityEntity,
      args: { activeOn?: string | null },
      ctx: RegistryContext,
    ) => ctx.loaders.statusCounts.load({ id: municipality.id, activeOn: args.activeOn ?? null }),
  },
  Organization: {
    statuses: (organization: OrganizationEntity, args: { activeOn?: string | null }, ctx: RegistryContext) =>
      ctx.loaders.statusesHeldOn.load({ id: organization.id, activeOn: args.activeOn ?? null }),
    statusHistory: (organization: OrganizationEntity, _: unknown, ctx: RegistryContext) =>
      ctx.loaders.statusHistory.load(organization.id),
  },
  StatusAssignment: {
    __resolveReference: (ref: { id: string }, ctx: RegistryContext) => ctx.loaders.status.load(ref.id),
    organization: (status: StatusAssignmentEntity, _: unknown, ctx: RegistryContext) =>
      ctx.loaders.organization.load(status.organizationId),
    programme: (status: StatusAssignmentEntity, _: unknown, ctx: RegistryContext) =>
      status.programmeId ? ctx.loaders.programme.load(status.programmeId) : null,
    assigningOrder: (status: StatusAssignmentEntity, _: unknown, ctx: RegistryContext) =>
      ctx.loaders.order.load(status.assigningOrderId),
    endingOrder: (status: StatusAssignmentEntity, _: unknown, ctx: RegistryContext) =>
      status.endingOrderId ? ctx.loaders.order.load(status.endingOrderId) : null,
    methodologicalCentre: (status: StatusAssignmentEntity, _: unknown, ctx: RegistryContext) =>
      status.methodologicalCentreId ? ctx.loaders.organization.load(status.methodologicalCentreId) : null,
    head: (status: StatusAssignmentEntity, _: unknown, ctx: RegistryContext) =>
      status.headPersonId ? ctx.loaders.person.load(status.headPersonId) : null,
    supersedes: (status: StatusAssignmentEntity, _: unknown, ctx: RegistryContext) =>
      status.supersedesId ? ctx.loaders.status.load(status.supersedesId) : null,
    supersededBy: async (status: StatusAssignmentEntity, _: unknown, ctx: RegistryContext) =>
      status.state === 'SUPERSEDED'
        ? ((await ctx.loaders.statusCorrections.load(status.id))[0] ?? null)
        : null,
    heldThrough: (status: StatusAssignmentEntity) => heldThrough(status),
    recordedAt: (status: StatusAssignmentEntity) => status.createdAt,
    recordedBy: (status: StatusAssignmentEntity) => status.createdBy,
  },
};
