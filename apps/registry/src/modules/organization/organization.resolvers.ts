import { loadReferenced } from '@opora/database';
import { scopeCondition } from '@opora/service-kit';
import { actorOf } from '@opora/service-kit';
import type { Place } from '@opora/service-kit';
import type { AuditEntryEntity } from '@opora/service-kit';
import { parseInput } from '@opora/subgraph-server';
import type { PageArgs } from '@opora/subgraph-server';

import type { Resolvers } from '../../generated/resolvers-types';
import type { RegistryContext } from '../../registry-context';
import { mayReadPersonalData, readable, requireAccess, regionOfScope } from '../region/region-place';
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
    organization: async (_: unknown, args: { id: string }, ctx: RegistryContext) =>
      readable(ctx, await ctx.loaders.organization.load(args.id), placeOf),
    organizations: (_: unknown, args: PageArgs & { filter?: unknown }, ctx: RegistryContext) =>
      ctx.services.organizations.list(
        parseInput(organizationsFilter, args.filter ?? {}, 'filter'),
        args,
        scopeCondition(ctx.principal, {
          region: regionOfScope('o.region_id'),
          municipalityId: 'o.municipality_id',
          organizationId: 'o.id',
        }),
      ),
  },
  Mutation: {
    registerOrganization: async (_: unknown, args: { input: unknown }, ctx: RegistryContext) => {
      const input = parseInput(registerOrganizationInput, args.input);
      const municipality = await ctx.loaders.municipality.load(input.municipalityId);
      await requireAccess(
        ctx,
        'write',
        municipality && { regionId: municipality.regionId, municipalityId: municipality.id },
      );
      return ctx.services.organizations.register(input, actorOf(ctx));
    },
    correctOrganization: async (_: unknown, args: { input: unknown }, ctx: RegistryContext) => {
      const input = parseInput(correctOrganizationInput, args.input);
      const organization = await ctx.loaders.organization.load(input.organizationId);
      await requireAccess(ctx, 'write', organization && placeOf(organization));
      return ctx.services.organizations.correct(input, actorOf(ctx));
    },
  },
  Organization: {
    __resolveReference: (ref: { id: string }, ctx: RegistryContext) => ctx.loaders.organization.load(ref.id),
    municipality: (organization: OrganizationEntity, _: unknown, ctx: RegistryContext) =>
      loadReferenced(ctx.loaders.municipality, organization.municipalityId),
    region: (organization: OrganizationEntity, _: unknown, ctx: RegistryContext) =>
      loadReferenced(ctx.loaders.region, organization.regionId),
    registeredAt: (organization: OrganizationEntity) => organization.createdAt,
    /** The head's name is personal data: shown only within the caller's scope (analysts see none). */
    headName: async (organization: OrganizationEntity, _: unknown, ctx: RegistryContext) =>
      (await mayReadPersonalData(ctx, placeOf(organization))) ? organization.headName : null,
    /** The trail names people and their changes: for those who may read personal data here. */
    auditTrail: async (organization: OrganizationEntity, args: PageArgs, ctx: RegistryContext) => {
      await requireAccess(ctx, 'readPersonalData', placeOf(organization));
      return ctx.services.organizations.auditTrail(organization.id, args);
    },
  },
  AuditEntry: {
    changes: (entry: AuditEntryEntity) => JSON.stringify(entry.changes),
  },
};
