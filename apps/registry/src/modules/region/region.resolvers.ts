import { parseInput } from '@opora/subgraph-server';

import type { RegistryContext } from '../../registry-context';
import type { RegionEntity } from './region.entity';
import { createRegionInput } from './region.inputs';

export const regionResolvers = {
  Query: {
    region: (_: unknown, args: { id: string }, ctx: RegistryContext) => ctx.loaders.region.load(args.id),
    regionByCode: (_: unknown, args: { code: string }, ctx: RegistryContext) =>
      ctx.services.regions.byCode(args.code),
    regions: (_: unknown, __: unknown, ctx: RegistryContext) => ctx.services.regions.list(),
  },
  Mutation: {
    createRegion: (_: unknown, args: { input: unknown }, ctx: RegistryContext) =>
      ctx.services.regions.create(parseInput(createRegionInput, args.input), ctx.requestId),
  },
  Region: {
    __resolveReference: (ref: { id: string }, ctx: RegistryContext) => ctx.loaders.region.load(ref.id),
    municipalities: (region: RegionEntity, _: unknown, ctx: RegistryContext) =>
      ctx.loaders.municipalitiesOfRegion.load(region.id),
  },
};
