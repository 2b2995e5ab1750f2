import { loadReferenced } from '@opora/database';
import type { Place } from '@opora/service-kit';
import { actorOf } from '@opora/service-kit';
import { parseInput } from '@opora/subgraph-server';

import type { Resolvers } from '../../generated/resolvers-types';
import { readable, requireAccess } from '../region/region-place';
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
    status: async (_, args, ctx) => readable(ctx, await ctx.loaders.status.load(args.id), municipalityOf),
  },
  Mutation: {
    assignStatus: async (_, args, ctx) => {
      const input = parseInput(assignStatusInput, args.input);
      const organization = await ctx.loaders.organization.load(input.organizationId);
      await requireAccess(ctx, 'write', organization && municipalityOf(organization));
      return ctx.services.statuses.assign(input, actorOf(ctx));
    },
    endStatusEarly: async (_, args, ctx) => {
      const input = parseInput(endStatusEarlyInput, args.input);
      const status = await ctx.loaders.status.load(input.statusId);
      await requireAccess(ctx, 'write', status && municipalityOf(status));
      return ctx.services.statuses.endEarly(input, actorOf(ctx));
    },
    correctStatus: async (_, args, ctx) => {
      const input = parseInput(correctStatusInput, args.input);
      const status = await ctx.loaders.status.load(input.statusId);
      await requireAccess(ctx, 'write', status && municipalityOf(status));
      return ctx.services.statuses.correct(input, actorOf(ctx));
    },
    /** The site head is appointed by the school (000 §4.3): its staff may enter it. */
    appointSiteHead: async (_, args, ctx) => {
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
    statusCounts: async (municipality, args, ctx) => {
      await requireAccess(ctx, 'readAggregates', {
        regionId: municipality.regionId,
        municipalityId: municipality.id,
      });
      return ctx.loaders.statusCounts.load({ id: municipality.id, activeOn: args.activeOn ?? null });
    },
  },
  Organization: {
    statuses: (organization, args, ctx) =>
      ctx.loaders.statusesHeldOn.load({ id: organization.id, activeOn: args.activeOn ?? null }),
    statusHistory: (organization, _, ctx) => ctx.loaders.statusHistory.load(organization.id),
  },
  StatusAssignment: {
    __resolveReference: (ref, ctx) => ctx.loaders.status.load(ref.id),
    organization: (status, _, ctx) => loadReferenced(ctx.loaders.organization, status.organizationId),
    programme: (status, _, ctx) =>
      status.programmeId ? ctx.loaders.programme.load(status.programmeId) : null,
    assigningOrder: (status, _, ctx) => loadReferenced(ctx.loaders.order, status.assigningOrderId),
    endingOrder: (status, _, ctx) =>
      status.endingOrderId ? ctx.loaders.order.load(status.endingOrderId) : null,
    methodologicalCentre: (status, _, ctx) =>
      status.methodologicalCentreId ? ctx.loaders.organization.load(status.methodologicalCentreId) : null,
    /**
     * A person: for those who may not read the school's personal data the field is null with
     * FORBIDDEN on its path, the rest of the status is returned (docs/decisions.md §32).
     */
    head: async (status, _, ctx) => {
      await requireAccess(ctx, 'readPersonalData', {
        ...municipalityOf(status),
        organizationId: status.organizationId,
      });
      return status.headPersonId ? ctx.loaders.person.load(status.headPersonId) : null;
    },
    supersedes: (status, _, ctx) =>
      status.supersedesId ? ctx.loaders.status.load(status.supersedesId) : null,
    supersededBy: async (status, _, ctx) =>
      status.state === 'SUPERSEDED'
        ? ((await ctx.loaders.statusCorrections.load(status.id))[0] ?? null)
        : null,
    heldThrough: (status) => heldThrough(status),
    recordedAt: (status) => status.createdAt,
    recordedBy: (status) => status.createdBy,
  },
};
