import { z } from 'zod';
import { actorOf, scopeCondition } from '@opora/service-kit';
import { uuidField } from '@opora/service-kit';
import { parseInput } from '@opora/subgraph-server';

import type { Resolvers } from '../../generated/resolvers-types';
import {
  allowedAt,
  mayReadPersonalDataAtAny,
  readable,
  requireAccess,
  requireReadableFilter,
} from '../../shared/access';
import {
  agreementsFilter,
  completeAgreementInput,
  draftAgreementInput,
  terminateAgreementInput,
} from './agreement.inputs';
import { partyPlacesOfAgreement, placeOfAgreement, readPlaceOfAgreement } from './agreement.place';

const refInput = z.object({ id: uuidField() });

export const agreementResolvers: Resolvers = {
  Query: {
    agreement: async (_, args, ctx) => {
      const id = parseInput(uuidField(), args.id, 'id');
      return readable(ctx, await ctx.loaders.agreement.byId.load(id), readPlaceOfAgreement);
    },
    agreements: async (_, args, ctx) => {
      const filter = parseInput(agreementsFilter, args.filter ?? {}, 'filter');
      await requireReadableFilter(ctx, [
        ...(filter.regionCode
          ? [{ field: 'filter.regionCode', place: { regionCode: filter.regionCode } }]
          : []),
        ...(filter.municipalityId
          ? [
              {
                field: 'filter.municipalityId',
                place: await ctx.loaders.agreement.municipalityPlace.load(filter.municipalityId),
              },
            ]
          : []),
      ]);
      return ctx.services.agreement.list(
        filter,
        args,
        scopeCondition(ctx.principal, {
          region: { codeColumn: 'a.region_code' },
          municipalityId: 'a.municipality_id',
        }),
      );
    },
  },
  Mutation: {
    draftAgreement: async (_, args, ctx) => {
      const input = parseInput(draftAgreementInput, args.input);
      await requireAccess(ctx, 'write', await ctx.loaders.agreement.place.load(input.leaderOrganizationId));
      return ctx.services.agreement.draft(input, actorOf(ctx));
    },
    concludeAgreement: async (_, args, ctx) => {
      const input = parseInput(refInput, args.input);
      const agreement = await ctx.loaders.agreement.byId.load(input.id);
      await requireAccess(ctx, 'write', agreement && placeOfAgreement(agreement));
      return ctx.services.agreement.conclude(input.id, actorOf(ctx));
    },
    completeAgreement: async (_, args, ctx) => {
      const input = parseInput(completeAgreementInput, args.input);
      const agreement = await ctx.loaders.agreement.byId.load(input.id);
      await requireAccess(ctx, 'write', agreement && placeOfAgreement(agreement));
      return ctx.services.agreement.complete(input, actorOf(ctx));
    },
    terminateAgreement: async (_, args, ctx) => {
      const input = parseInput(terminateAgreementInput, args.input);
      const agreement = await ctx.loaders.agreement.byId.load(input.id);
      await requireAccess(ctx, 'write', agreement && placeOfAgreement(agreement));
      return ctx.services.agreement.terminate(input, actorOf(ctx));
    },
  },
  PartnershipAgreement: {
    __resolveReference: async (ref, ctx) => {
      const agreement = await ctx.loaders.agreement.byId.load(String(ref.id));
      return agreement && allowedAt(ctx, 'read', readPlaceOfAgreement(agreement)) ? agreement : null;
    },
    leader: (agreement) => ({ id: agreement.leaderOrganizationId }),
    partners: (agreement) => agreement.partnerOrganizationIds.map((id) => ({ id })),
    leaderResponsible: (agreement, _, ctx) =>
      mayReadPersonalDataAtAny(ctx, partyPlacesOfAgreement(agreement)) ? agreement.leaderResponsible : null,
    partnerResponsible: (agreement, _, ctx) =>
      mayReadPersonalDataAtAny(ctx, partyPlacesOfAgreement(agreement)) ? agreement.partnerResponsible : null,
  },
};
