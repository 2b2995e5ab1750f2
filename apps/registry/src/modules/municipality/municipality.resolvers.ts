import { parseInput } from '@opora/subgraph-server';

import type { RegistryContext } from '../../registry-context';
import type { MunicipalityEntity } from './municipality.entity';
import { createMunicipalityInput } from './municipality.inputs';

export const municipalityResolvers = {
  Query: {
    municipality: (_: unknown, args: { id: string }, ctx: RegistryContext) =>
      ctx.loaders.municipality.load(args.id),
  },
  Mutation: {
    createMunicipality: (_: unknown, args: { input: unknown }, ctx: RegistryContext) =>
      ctx.services.municipalities.create(parseInput(createMunicipalityInput, args.input), ctx.requestId),
  },
  Municipality: {
    __resolveReference: (ref: { id: string }, ctx: RegistryContext) => ctx.loaders.municipality.load(ref.id),
    region: (municipality: MunicipalityEntity, _: unknown, ctx: RegistryContext) =>
      ctx.loaders.region.load(municipality.regionId),
    organizations: (municipality: MunicipalityEntity, _: unknown, ctx: RegistryContext) =>
      ctx.loaders.organizationsOfMunicipality.load(municipality.id),
  },
};
