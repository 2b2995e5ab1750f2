import type { Resolvers } from '../../generated/resolvers-types';
import { visibleEvents } from '../organization/organization.access';

export const planLinkResolvers: Resolvers = {
  PlanItem: {
    __resolveReference: (ref) => ({ id: ref.id }),
    events: async (item, _, ctx) => visibleEvents(ctx, await ctx.loaders.event.ofPlanItem.load(item.id)),
  },
  PartnershipAgreement: {
    __resolveReference: (ref) => ({ id: ref.id }),
    events: async (agreement, _, ctx) => visibleEvents(ctx, await ctx.loaders.event.ofAgreement.load(agreement.id)),
  },
};
