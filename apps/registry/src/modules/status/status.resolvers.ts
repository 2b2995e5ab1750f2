import { loadReferenced } from '@opora/database';
import type { Place } from '@opora/service-kit';
import { actorOf } from '@opora/service-kit';
import { parseInput } from '@opora/subgraph-server';

import type { Resolvers } from '../../generated/resolvers-types';
import type { RegistryContext } from '../../registry-context';
import type { MunicipalityEntity } from '../municipality/municipality.entity';
import type { OrganizationEntity } from '../organization/organization.entity';
import { mayReadPersonalData, readable, requireAccess } from '../region/region-place';
import type { StatusAssignmentEntity } from './status.entity';
import {
  appointSiteHeadInput,
  assignStatusInput,
  correctStatusInput,
  endStatusEarlyInput,
} from './status.inputs';
import { heldThrough } from './status.rules';

/** Statuses are the authority's acts: written by those who write for the organization's municipality. */
const municipalityOf = (s: { regionId: string; municipalityId: string }): Place => ({
  regionId: s.regionId,
  municipalityId: s.municipalityId,
});

export const statusResolvers: Resolvers = {
  Query: {
    status: async (_: unknown, args: { id: string }, ctx: RegistryContext) =>
      readable(ctx, await ctx.loaders.status.load(args.id), municipalityOf),
  },
  Mutation: {
    assignStatus: async (_: unknown, args: { input: unknown }, ctx: RegistryContext) => {
      const input = parseInput(assignStatusInput, args.input);
      const organization = await ctx.loaders.organization.load(input.organizationId);
      await requireAccess(ctx, 'write', organization && municipalityOf(organization));
      return ctx.services.statuses.assign(input, actorOf(ctx));
    },
    endStatusEarly: async (_: unknown, args: { input: unknown }, ctx: RegistryContext) => {
      const input = parseInput(endStatusEarlyInput, args.input);
      const status = await ctx.loaders.status.load(input.statusId);
      await requireAccess(ctx, 'write', status && municipalityOf(status));
      return ctx.services.statuses.endEarly(input, actorOf(ctx));
    },
    correctStatus: async (_: unknown, args: { input: unknown }, ctx: RegistryContext) => {
      const input = parseInput(correctStatusInput, args.input);
      const status = await ctx.loaders.status.load(input.statusId);
      await requireAccess(ctx, 'write', status && municipalityOf(status));
      return ctx.services.statuses.correct(input, actorOf(ctx));
    },
    /** The site head is appointed by the school (000 §4.3): its staff may enter it. */
    appointSiteHead: async (_: unknown, args: { input: unknown }, ctx: RegistryContext) => {
      const input = parseInput(appointSiteHeadInput, args.input);
      const status = await ctx.loaders.status.load(input.statusId);
      await requireAccess(
        ctx,
        'write',
        status && { ...municipalityOf(status), organizationId: status.organizationId },
      );
      return ctx.services.statuses.appointSiteHead(input, actorOf(ctx));
    },
  },
  Municipality: {
    statusCounts: async (
      municipality: MunicipalityEntity,
      args: { activeOn?: string | null },
      ctx: RegistryContext,
    ) => {
      await requireAccess(ctx, 'readAggregates', {
        regionId: municipality.regionId,
        municipalityId: municipality.id,
      });
      return ctx.loaders.statusCounts.load({ id: municipality.id, activeOn: args.activeOn ?? null });
    },
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
      loadReferenced(ctx.loaders.organization, status.organizationId),
    programme: (status: StatusAssignmentEntity, _: unknown, ctx: RegistryContext) =>
      status.programmeId ? ctx.loaders.programme.load(status.programmeId) : null,
    assigningOrder: (status: StatusAssignmentEntity, _: unknown, ctx: RegistryContext) =>
      loadReferenced(ctx.loaders.order, status.assigningOrderId),
    endingOrder: (status: StatusAssignmentEntity, _: unknown, ctx: RegistryContext) =>
      status.endingOrderId ? ctx.loaders.order.load(status.endingOrderId) : null,
    methodologicalCentre: (status: StatusAssignmentEntity, _: unknown, ctx: RegistryContext) =>
      status.methodologicalCentreId ? ctx.loaders.organization.load(status.methodologicalCentreId) : null,
    /** A person: shown only to those who may read personal data of the school. */
    head: async (status: StatusAssignmentEntity, _: unknown, ctx: RegistryContext) =>
      status.headPersonId &&
      (await mayReadPersonalData(ctx, { ...municipalityOf(status), organizationId: status.organizationId }))
        ? ctx.loaders.person.load(status.headPersonId)
        : null,
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
