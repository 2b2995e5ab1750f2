import type { Resolvers } from '../../generated/resolvers-types';
import { requireAccess } from '../directory/directory-access';
import { placeOfMunicipality, placeOfOrganization, placeOfRegion } from '../directory/directory.place';
import { periodOf } from './activity.period';
import { sourceTopics } from './activity.workers';
import { freshnessOf, withFreshness } from './freshness';

/**
 * A school's activity is read as its records are (`read`); a municipality's or a region's is a sum
 * over organizations (`readAggregates`: an analyst's, an operator's). Every answer carries the
 * freshness of its sources (docs/decisions.md §69–70).
 */
export const activityResolvers: Resolvers = {
  ActivitySummary: {
    freshness: (summary, _, ctx) =>
      summary.freshness ?? freshnessOf(ctx.services.activity.dataSource, sourceTopics),
  },
  Organization: {
    activity: async (organization, args, ctx) => {
      const projected = await ctx.loaders.directory.organization.load(organization.id);
      await requireAccess(ctx, 'read', projected && placeOfOrganization(projected));
      const { from, to } = periodOf(args);
      return withFreshness(ctx.services.activity.dataSource, sourceTopics, () =>
        ctx.services.activity.summaries.summary({ level: 'ORGANIZATION', id: organization.id }, from, to),
      );
    },
  },
  Municipality: {
    activity: async (municipality, args, ctx) => {
      const projected = await ctx.loaders.directory.municipality.load(municipality.id);
      await requireAccess(ctx, 'readAggregates', projected && placeOfMunicipality(projected));
      const { from, to } = periodOf(args);
      return withFreshness(ctx.services.activity.dataSource, sourceTopics, () =>
        ctx.services.activity.summaries.summary({ level: 'MUNICIPALITY', id: municipality.id }, from, to),
      );
    },
  },
  Region: {
    activity: async (region, args, ctx) => {
      await requireAccess(ctx, 'readAggregates', placeOfRegion(region.id));
      const { from, to } = periodOf(args);
      return withFreshness(ctx.services.activity.dataSource, sourceTopics, () =>
        ctx.services.activity.summaries.summary({ level: 'REGION', id: region.id }, from, to),
      );
    },
  },
  Query: {
    monitoringFreshness: (_, __, ctx) => freshnessOf(ctx.services.activity.dataSource, sourceTopics),
  },
};
