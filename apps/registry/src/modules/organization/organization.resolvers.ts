import { parseInput } from '@opora/subgraph-server';

import type { RegistryContext } from '../../registry-context';
import type { OrganizationEntity } from './organization.entity';
import { registerOrganizationInput } from './organization.inputs';

export const organizationResolvers = {
  Query: {
    organization: (_: unknown, args: { id: string }, ctx: RegistryContext) =>
      ctx.loaders.organization.load(args.id),
  },
  Mutation: {
    registerOrganization: (_: unknown, args: { input: unknown }, ctx: RegistryContext) =>
      ctx.services.organizations.register(parseInput(registerOrganizationInput, args.input), ctx.requestId),
  },
  Organization: {
    __resolveReference: (ref: { id: string }, ctx: RegistryContext) => ctx.loaders.organization.load(ref.id),
    municipality: (organization: OrganizationEntity, _: unknown, ctx: RegistryContext) =>
      ctx.loaders.municipality.load(organization.municipalityId),
    region: (organization: OrganizationEntity, _: unknown, ctx: RegistryContext) =>
      ctx.loaders.region.load(organization.regionId),
    registeredAt: (organization: OrganizationEntity) => organization.createdAt,
  },
};
