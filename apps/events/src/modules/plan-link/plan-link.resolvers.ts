import type { Resolvers } from '../../generated/resolvers-types';

export const planLinkResolvers: Resolvers = {
  PlanItem: {
    __resolveReference: (ref) => ({ id: ref.id }),
    events: (item, _, ctx) => ctx.loaders.event.ofPlanItem.load(item.id),
  },
  PartnershipAgreement: {
    __resolveReference: (ref) => ({ id: ref.id }),
    events: (agreement, _, ctx) => ctx.loaders.event.ofAgreement.load(agreement.id),
  },
};
