import { loadReferenced } from '@opora/database';
import { scopeCondition } from '@opora/service-kit';
import { actorOf } from '@opora/service-kit';
import type { Place } from '@opora/service-kit';
import { parseInput } from '@opora/subgraph-server';

import type { Resolvers } from '../../generated/resolvers-types';
import { namedPlaces } from '../region/named-places';
import { readable, regionOfScope, requireAccess, requireReadableFilter } from '../region/region-place';
import type { OrganizationEntity } from './organization.entity';
import {
  correctOrganizationInput,
  organizationsFilter,
  registerOrganizationInput,
} from './organization.inputs';

const placeOf = (organization: OrganizationEntity): Place => ({
  regionId: organization.regionId,
  municipalityId: organization.municipalityId,
  organizationId: organization.id,
});

export const organizationResolvers: Resolvers = {
  Query: {
    organization: async (_, args, ctx) =>
      readable(ctx, await ctx.loaders.organization.load(args.id), placeOf),
    organizations: async (_, args, ctx) => {
      const filter = parseInput(organizationsFilter, args.filter ?? {}, 'filter');
      await requireReadableFilter(ctx, await namedPlaces(ctx, filter));
      return ctx.services.organizations.list(
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
      const municipality = await ctx.loaders.municipality.load(input.municipalityId);
      await requireAccess(
        ctx,
        'write',
        municipality && { regionId: municipality.regionId, municipalityId: municipality.id },
      );
      return ctx.services.organizations.register(input, actorOf(ctx));
    },
    correctOrganization: async (_, args, ctx) => {
      const input = parseInput(correctOrganizationInput, args.input);
      const organization = await ctx.loaders.organization.load(input.organizationId);
      await requireAccess(ctx, 'write', organization && placeOf(organization));
      return ctx.services.organizations.correct(input, actorOf(ctx));
    },
  },
  Organization: {
    __resolveReference: (ref, ctx) => ctx.loaders.organization.load(ref.id),
    municipality: (organization, _, ctx) =>
      loadReferenced(ctx.loaders.municipality, organization.municipalityId),
    region: (organization, _, ctx) => loadReferenced(ctx.loaders.region, organization.regionId),
    registeredAt: (organization) => organization.createdAt,
    /**
     * The head's name is personal data: for those who may not read it (analysts) the field is null
     * with FORBIDDEN on its path, the rest of the record is returned (docs/decisions.md §32).
     */
    headName: async (organization, _, ctx) => {
      await requireAccess(ctx, 'readPersonalData', placeOf(organization));
      return organization.headName;
    },
    /** The trail names people and their changes: for those who may read personal data here. */
    auditTrail: async (organization, args, ctx) => {
      await requireAccess(ctx, 'readPersonalData', placeOf(organization));
      return ctx.services.organizations.auditTrail(organization.id, args);
    },
  },
  AuditEntry: {
    changes: (entry) => JSON.stringify(entry.changes),
  },
};
