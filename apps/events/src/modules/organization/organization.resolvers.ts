import type { Resolvers } from '../../generated/resolvers-types';
import { placeOfOrganization, requireAccess } from './organization.access';
import { periodBounds } from './organization.service';

export const organizationResolvers: Resolvers = {
  Organization: {
    __resolveReference: (ref) => ({ id: ref.id }),
    organizedEvents: async (organization, args, ctx) => {
      const projected = await ctx.loaders.organization.byId.load(organization.id);
      const { from, to } = periodBounds(args.from, args.to);
      if (!projected)
        return { edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }, totalCount: () => Promise.resolve(0) };
      return ctx.services.organization.organized(ctx.principal, projected, { from, to }, args);
    },
    /** Counts and hours of an organization's staff: aggregates, read where its figures may be. */
    attendedEvents: async (organization, args, ctx) => {
      const projected = await ctx.loaders.organization.byId.load(organization.id);
      await requireAccess(ctx, 'readAggregates', projected && placeOfOrganization(projected));
      const { from, to } = periodBounds(args.from, args.to);
      const rows = await ctx.loaders.organization.attended.load(`${organization.id}|${from}|${to}`);
      const events = await ctx.loaders.event.byId.loadMany(rows.map((r) => r.eventId));
      return rows.flatMap((row, i) => {
        const event = events[i];
        return event && !(event instanceof Error) ? [{ event, attended: row.attended, hours: row.hours }] : [];
      });
    },
  },
};
