import { loadReferenced } from '@opora/database';
import { scopeCondition } from '@opora/service-kit';
import { actorOf } from '@opora/service-kit';
import { parseInput } from '@opora/subgraph-server';

import type { Resolvers } from '../../generated/resolvers-types';
import { placeOfMunicipality } from '../municipality/municipality.place';
import { namedPlaces } from '../region/named-places';
import { readable, regionOfScope, requireAccess, requireReadableFilter } from '../region/region-access';
import {
  correctOrganizationInput,
  organizationsFilter,
  registerOrganizationInput,
} from './organization.inputs';
import { placeOfOrganization } from './organization.place';

export const organizationResolvers: Resolvers = {
  Query: {
    organization: async (_, args, ctx) =>
      readable(ctx, await ctx.loaders.organization.byId.load(args.id), placeOfOrganization),
    organizations: async (_, args, ctx) => {
      const filter = parseInput(organizationsFilter, args.filter ?? {}, 'filter');
      await requireReadableFilter(ctx, await namedPlaces(ctx, filter));
      return ctx.services.organization.list(
        filter,
        args,
        scopeCondition(ctx.principal, {
          region: regionOfScope('o.region_id'),
          municipalityId: 'o.municipality_id',
          organizationId: 'o.id',
        }),
      );
    },
  },
  Mutation: {
    registerOrganization: async (_, args, ctx) => {
      const input = parseInput(registerOrganizationInput, args.input);
      const municipality = await ctx.loaders.municipality.byId.load(input.municipalityId);
      await requireAccess(ctx, 'write', municipality && placeOfMunicipality(municipality));
      return ctx.services.organization.register(input, actorOf(ctx));
    },
    correctOrganization: async (_, args, ctx) => {
      const input = parseInput(correctOrganizationInput, args.input);
      const organization = await ctx.loaders.organization.byId.load(input.organizationId);
      await requireAccess(ctx, 'write', organization && placeOfOrganization(organization));
      return ctx.services.organization.correct(input, actorOf(ctx));
    },
  },
  Organization: {
    __resolveReference: (ref, ctx) => ctx.loaders.organization.byId.load(ref.id),
    municipality: (organization, _, ctx) =>
      loadReferenced(ctx.loaders.municipality.byId, organization.municipalityId),
    region: (organization, _, ctx) => loadReferenced(ctx.loaders.region.byId, organization.regionId),
    registeredAt: (organization) => organization.createdAt,
    /**
     * The head's name is personal data: for those who may not read it (analysts) the field is null
     * with FORBIDDEN on its path, the rest of the record is returned (docs/decisions.md §32).
     */
    headName: async (organization, _, ctx) => {
      await requireAccess(ctx, 'readPersonalData', placeOfOrganization(organization));
      return organization.headName;
    },
    /** The trail names people and their changes: for those who may read personal data here. */
    auditTrail: async (organization, args, ctx) => {
      await requireAccess(ctx, 'readPersonalData', placeOfOrganization(organization));
      return ctx.services.organization.auditTrail(organization.id, args);
    },
  },
  AuditEntry: {
    changes: (entry) => JSON.stringify(entry.changes),
  },
};
