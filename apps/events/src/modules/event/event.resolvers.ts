import { z } from 'zod';
import { actorOf, uuidField } from '@opora/service-kit';
import { parseInput } from '@opora/subgraph-server';

import type { Resolvers } from '../../generated/resolvers-types';
import { placeOfOrganization, readable, requireAccess, requireReadableFilter, zoneOf } from '../organization/organization.access';
import { localIso } from './event-time';
import { calendarFilterInput, cancelEventInput, planEventInput, rescheduleEventInput } from './event.inputs';
import { calendarPlaceOfEvent, placeOfEvent } from './event.place';

const eventIdInput = z.object({ eventId: uuidField() });

export const eventResolvers: Resolvers = {
  Query: {
    event: async (_, args, ctx) => readable(ctx, await ctx.loaders.event.byId.load(args.id), calendarPlaceOfEvent),
    calendar: async (_, args, ctx) => {
      const filter = parseInput(calendarFilterInput, args.filter, 'filter');
      await requireReadableFilter(ctx, [{ field: 'filter.regionId', place: { regionId: filter.regionId } }]);
      return ctx.services.event.calendar(ctx.principal, filter, args);
    },
  },
  Mutation: {
    /** 000 §3.1: the organizer's staff, or the education authority of its territory, plan its events. */
    planEvent: async (_, args, ctx) => {
      const input = parseInput(planEventInput, args.input);
      const organizer = await ctx.loaders.organization.byId.load(input.organizerOrganizationId);
      await requireAccess(ctx, 'write', organizer && placeOfOrganization(organizer));
      return ctx.services.event.plan(input, actorOf(ctx));
    },
    rescheduleEvent: async (_, args, ctx) => {
      const input = parseInput(rescheduleEventInput, args.input);
      const event = await ctx.loaders.event.byId.load(input.eventId);
      await requireAccess(ctx, 'write', event && placeOfEvent(event));
      return ctx.services.event.reschedule(input, actorOf(ctx));
    },
    markEventHeld: async (_, args, ctx) => {
      const input = parseInput(eventIdInput, args.input);
      const event = await ctx.loaders.event.byId.load(input.eventId);
      await requireAccess(ctx, 'write', event && placeOfEvent(event));
      return ctx.services.event.markHeld(input.eventId, actorOf(ctx));
    },
    cancelEvent: async (_, args, ctx) => {
      const input = parseInput(cancelEventInput, args.input);
      const event = await ctx.loaders.event.byId.load(input.eventId);
      await requireAccess(ctx, 'write', event && placeOfEvent(event));
      return ctx.services.event.cancel(input, actorOf(ctx));
    },
  },
  Event: {
    __resolveReference: (ref, ctx) => ctx.loaders.event.byId.load(ref.id),
    organizer: (e) => ({ id: e.organizerOrganizationId }),
    planItem: (e) => (e.planItemId ? { id: e.planItemId } : null),
    agreement: (e) => (e.agreementId ? { id: e.agreementId } : null),
    timeZone: async (e, _, ctx) => zoneOf(await ctx.loaders.organization.region.load(e.regionId)),
    startsAtLocal: async (e, _, ctx) => localIso(e.startsAt, zoneOf(await ctx.loaders.organization.region.load(e.regionId))),
    endsAtLocal: async (e, _, ctx) => localIso(e.endsAt, zoneOf(await ctx.loaders.organization.region.load(e.regionId))),
  },
};
