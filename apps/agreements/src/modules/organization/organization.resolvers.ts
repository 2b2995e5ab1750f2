import type { Resolvers } from '../../generated/resolvers-types';
import { allowedAt } from '../../shared/access';
import { readPlaceOfAgreement } from '../agreement/agreement.place';

/** The registry's Organization, extended by key with what this service knows of it. */
export const organizationResolvers: Resolvers = {
  Organization: {
    __resolveReference: (ref) => ({ id: ref.id }),
    agreements: async (organization, args, ctx) => {
      const all = await ctx.loaders.agreement.ofOrganization.load(organization.id);
      return all.filter(
        (agreement) =>
          (args.side !== 'LEADER' || agreement.leaderOrganizationId === organization.id) &&
          (args.side !== 'PARTNER' || agreement.partnerOrganizationIds.includes(organization.id)) &&
          allowedAt(ctx, 'read', readPlaceOfAgreement(agreement)),
      );
    },
  },
};
