import { loadReferenced } from '@opora/database';
import { actorOf, atMunicipality } from '@opora/service-kit';
import { parseInput } from '@opora/subgraph-server';

import type { Resolvers } from '../../generated/resolvers-types';
import { placeOfMunicipality } from '../municipality/municipality.place';
import { placeOfOrganization } from '../organization/organization.place';
import { readable, requireAccess } from '../region/region-access';
import {
  appointSiteHeadInput,
  assignStatusInput,
  correctStatusInput,
  endStatusEarlyInput,
} from './status.inputs';
import { placeOfStatus, placeOfStatusHolder } from './status.place';
import { heldThrough } from './status.rules';

export const statusResolvers: Resolvers = {
  Query: {
    status: async (_, args, ctx) => readable(ctx, await ctx.loaders.status.byId.load(args.id), placeOfStatus),
  },
  Mutation: {
    /** Statuses are the authority's acts: written by those who write for the organization's municipality. */
    assignStatus: async (_, args, ctx) => {
      const input = parseInput(assignStatusInput, args.input);
      const organization = await ctx.loaders.organization.byId.load(input.organizationId);
      await requireAccess(ctx, 'write', organization && atMunicipality(placeOfOrganization(organization)));
      return ctx.services.status.assign(input, actorOf(ctx));
    },
    endStatusEarly: async (_, args, ctx) => {
      const input = parseInput(endStatusEarlyInput, args.input);
      const status = await ctx.loaders.status.byId.load(input.statusId);
      await requireAccess(ctx, 'write', status && placeOfStatus(status));
      return ctx.services.status.endEarly(input, actorOf(ctx));
    },
    correctStatus: async (_, args, ctx) => {
      const input = parseInput(correctStatusInput, args.input);
      const status = await ctx.loaders.status.byId.load(input.statusId);
      await requireAccess(ctx, 'write', status && placeOfStatus(status));
      return ctx.services.status.correct(input, actorOf(ctx));
    },
    /** The site head is appointed by the school (000 §4.3): its staff may enter it. */
    appointSiteHead: async (_, args, ctx) => {
      const input = parseInput(appointSiteHeadInput, args.input);
      const status = await ctx.loaders.status.byId.load(input.statusId);
      await requireAccess(ctx, 'write', status && placeOfStatusHolder(status));
      return ctx.services.status.appointSiteHead(input, actorOf(ctx));
    },
  },
  Municipality: {
    statusCounts: async (municipality, args, ctx) => {
      await requireAccess(ctx, 'readAggregates', placeOfMunicipality(municipality));
      return ctx.loaders.status.counts.load({ id: municipality.id, activeOn: args.activeOn ?? null });
    },
  },
  Organization: {
    statuses: (organization, args, ctx) =>
      ctx.loaders.status.heldOn.load({ id: organization.id, activeOn: args.activeOn ?? null }),
    statusHistory: (organization, _, ctx) => ctx.loaders.status.historyOfOrganization.load(organization.id),
  },
  StatusAssignment: {
    __resolveReference: (ref, ctx) => ctx.loaders.status.byId.load(ref.id),
    organization: (status, _, ctx) => loadReferenced(ctx.loaders.organization.byId, status.organizationId),
    programme: (status, _, ctx) =>
      status.programmeId ? ctx.loaders.programme.byId.load(status.programmeId) : null,
    assigningOrder: (status, _, ctx) => loadReferenced(ctx.loaders.order.byId, status.assigningOrderId),
    endingOrder: (status, _, ctx) =>
      status.endingOrderId ? ctx.loaders.order.byId.load(status.endingOrderId) : null,
    methodologicalCentre: (status, _, ctx) =>
      status.methodologicalCentreId
        ? ctx.loaders.organization.byId.load(status.methodologicalCentreId)
        : null,
    /**
     * A person: for those who may not read the school's personal data the field is null with
     * FORBIDDEN on its path, the rest of the status is returned (docs/decisions.md §32).
     */
    head: async (status, _, ctx) => {
      await requireAccess(ctx, 'readPersonalData', placeOfStatusHolder(status));
      return status.headPersonId ? ctx.loaders.status.person.load(status.headPersonId) : null;
    },
    supersedes: (status, _, ctx) =>
      status.supersedesId ? ctx.loaders.status.byId.load(status.supersedesId) : null,
    supersededBy: async (status, _, ctx) =>
      status.state === 'SUPERSEDED'
        ? ((await ctx.loaders.status.corrections.load(status.id))[0] ?? null)
        : null,
    heldThrough: (status) => heldThrough(status),
    recordedAt: (status) => status.createdAt,
    recordedBy: (status) => status.createdBy,
  },
};
