import { actorOf } from '@opora/service-kit';
import { parseInput } from '@opora/subgraph-server';

import type { Resolvers } from '../../generated/resolvers-types';
import { placeOfEvent } from '../event/event.place';
import { mayReadPersonalData, placeOfOrganization, requireAccess } from '../organization/organization.access';
import { periodBounds } from '../organization/organization.service';
import { giveFeedbackInput, recordAttendanceInput, registerInput } from './participation.inputs';

export const participationResolvers: Resolvers = {
  Query: {
    myEvents: async (_, args, ctx) => {
      const { from, to } = periodBounds(args.from, args.to);
      return ctx.services.participation.eventsOf(ctx.principal.subject, from, to);
    },
  },
  Mutation: {
    /** A participant is registered by the staff of their own organization (or themselves). */
    registerForEvent: async (_, args, ctx) => {
      const input = parseInput(registerInput, args.input);
      const organization = await ctx.loaders.organization.byId.load(input.organizationId);
      await requireAccess(ctx, 'write', organization && placeOfOrganization(organization));
      const registration = await ctx.services.participation.register(input, actorOf(ctx));
      return { registration, showPersonalData: true };
    },
    /** Attendance is the organizer's record: its staff or the authority of its territory write it. */
    recordAttendance: async (_, args, ctx) => {
      const input = parseInput(recordAttendanceInput, args.input);
      const event = await ctx.loaders.event.byId.load(input.eventId);
      await requireAccess(ctx, 'write', event && placeOfEvent(event));
      return ctx.services.participation.recordAttendance(input, actorOf(ctx));
    },
    giveFeedback: async (_, args, ctx) => {
      const input = parseInput(giveFeedbackInput, args.input);
      return ctx.services.participation.giveFeedback(input, actorOf(ctx));
    },
  },
  Event: {
    /** Names and positions only for roles that may read the organizer's personal data (§62). */
    participants: async (event, _, ctx) => {
      const showPersonalData = await mayReadPersonalData(ctx, placeOfEvent(event));
      const registrations = await ctx.loaders.participation.ofEvent.load(event.id);
      return registrations.map((registration) => ({ registration, showPersonalData }));
    },
    feedback: (event, _, ctx) => ctx.loaders.participation.feedbackOfEvent.load(event.id),
  },
  Participant: {
    id: ({ registration }) => registration.id,
    personName: ({ registration, showPersonalData }) => (showPersonalData ? registration.personName : null),
    position: ({ registration, showPersonalData }) => (showPersonalData ? registration.position : null),
    organization: ({ registration }) => ({ id: registration.organizationId }),
    source: ({ registration }) => registration.source,
    attended: ({ registration }) => registration.attended,
    hours: ({ registration }) => registration.hours,
  },
};

