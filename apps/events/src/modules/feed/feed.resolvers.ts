import { parseInput } from '@opora/subgraph-server';

import type { Resolvers } from '../../generated/resolvers-types';
import { requireReadableFilter } from '../organization/organization.access';
import { createCalendarFeedInput, revokeCalendarFeedInput } from './feed.inputs';

export const feedResolvers: Resolvers = {
  Query: {
    myCalendarFeeds: (_, __, ctx) => ctx.services.feed.feeds.mine(ctx.principal.subject),
  },
  Mutation: {
    /** A feed shows only what its owner may read: the region's calendar (§59) or their own registrations. */
    createCalendarFeed: async (_, args, ctx) => {
      const input = parseInput(createCalendarFeedInput, args.input);
      await requireReadableFilter(ctx, [{ field: 'input.regionId', place: { regionId: input.regionId } }]);
      if (input.organizationId && input.scope === 'ORGANIZATION') {
        const organization = await ctx.loaders.organization.byId.load(input.organizationId);
        await requireReadableFilter(ctx, [
          { field: 'input.organizationId', place: organization && { regionId: organization.regionId } },
        ]);
      }
      const { feed, secret } = await ctx.services.feed.feeds.create(input, ctx.principal);
      return { feed, url: ctx.services.feed.urlOf(secret) };
    },
    revokeCalendarFeed: (_, args, ctx) => {
      const input = parseInput(revokeCalendarFeedInput, args.input);
      return ctx.services.feed.feeds.revoke(input.feedId, ctx.principal);
    },
  },
};
