import { parseInput } from '@opora/subgraph-server';
import type { PageArgs } from '@opora/subgraph-server';

import type { RegistryContext } from '../../registry-context';
import { actorOf } from '../shared/actor';
import type { AuditEntryEntity } from '../shared/audit.entity';
import type { OrganizationEntity } from './organization.entity';
import {
  correctOrganizationInput,
  organizationsFilter,
  registerOrganizationInput,
} from './organization.inputs';

export const organizationResolvers = {
  Query: {
    organization: (_: unknown, args: { id: string }, ctx: RegistryContext) =>
      ctx.loaders.organization.load(args.id),
    organizations: (_: unknown, args: PageArgs & { filter?: unknown }, ctx: RegistryContext) =>
      ctx.services.organizations.list(parseInput(organizationsFilter, args.filter ?? {}, 'filter'), args),
  },
  Mutation: {
    registerOrganization: (_: unknown, args: { input: unknown }, ctx: RegistryContext) =>
      ctx.services.organizations.register(parseInput(registerOrganizationInput, args.input), actorOf(ctx)),
    correctOrganization: (_: unknown, args: { input: unknown }, ctx: RegistryContext) =>
      ctx.services.organizations.correct(parseInput(correctOrganizationInput, args.input), actorOf(ctx)),
  },
  Organization: {
    __resolveReference: (ref: { id: string }, ctx: RegistryContext) => ctx.loaders.organization.load(ref.id),
    municipality: (organization: OrganizationEntity, _: unknown, ctx: RegistryContext) =>
      ctx.loaders.municipality.load(organization.municipalityId),
    region: (organization: OrganizationEntity, _: unknown, ctx: RegistryContext) =>
      ctx.loaders.region.load(organization.regionId),
    registeredAt: (organization: OrganizationEntity) => organization.createdAt,
    auditTrail: (organization: OrganizationEntity, args: PageArgs, ctx: RegistryContext) =>
      ctx.services.organizations.auditTrail(organization.id, args),
  },
  AuditEntry: {
    changes: (entry: AuditEntryEntity) => JSON.stringify(entry.changes),
  },
};
