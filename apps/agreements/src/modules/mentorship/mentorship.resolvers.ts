import { actorOf } from '@opora/service-kit';
import { parseInput } from '@opora/subgraph-server';

import type { Resolvers } from '../../generated/resolvers-types';
import { allowedAt, mayReadPersonalDataAtAny, requireAccess } from '../../shared/access';
import { placeOfAgreement } from '../agreement/agreement.place';
import { endMentorshipInput, startMentorshipInput } from './mentorship.inputs';
import { partyPlacesOfMentorship, placeOfMentorship } from './mentorship.place';

export const mentorshipResolvers: Resolvers = {
  Mutation: {
    startMentorship: async (_, args, ctx) => {
      const input = parseInput(startMentorshipInput, args.input);
      const agreement = await ctx.loaders.agreement.byId.load(input.agreementId);
      await requireAccess(ctx, 'write', agreement && placeOfAgreement(agreement));
      return ctx.services.mentorship.start(input, actorOf(ctx));
    },
    endMentorship: async (_, args, ctx) => {
      const input = parseInput(endMentorshipInput, args.input);
      const mentorship = await ctx.loaders.mentorship.byId.load(input.id);
      await requireAccess(ctx, 'write', mentorship && placeOfMentorship(mentorship));
      return ctx.services.mentorship.end(input.id, input.endedOn, actorOf(ctx));
    },
  },
  Mentorship: {
    __resolveReference: async (ref, ctx) => {
      const m = await ctx.loaders.mentorship.byId.load(String(ref.id));
      return m && allowedAt(ctx, 'read', { regionCode: m.regionCode, municipalityId: m.municipalityId })
        ? m
        : null;
    },
    agreement: (m, _, ctx) => (m.agreementId ? ctx.loaders.agreement.byId.load(m.agreementId) : null),
    tutorOrganization: (m) => ({ id: m.tutorOrganizationId }),
    menteeOrganization: (m) => ({ id: m.menteeOrganizationId }),
    tutorName: (m, _, ctx) =>
      mayReadPersonalDataAtAny(ctx, partyPlacesOfMentorship(m)) ? m.tutorName : null,
    menteeName: (m, _, ctx) =>
      mayReadPersonalDataAtAny(ctx, partyPlacesOfMentorship(m)) ? m.menteeName : null,
  },
  PartnershipAgreement: {
    mentorships: (agreement, _, ctx) => ctx.loaders.mentorship.ofAgreement.load(agreement.id),
  },
  Organization: {
    mentorships: async (organization, _, ctx) =>
      (await ctx.loaders.mentorship.ofOrganization.load(organization.id)).filter((m) =>
        allowedAt(ctx, 'read', { regionCode: m.regionCode, municipalityId: m.municipalityId }),
      ),
  },
};
