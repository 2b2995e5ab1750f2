import { parseInput } from '@opora/subgraph-server';

import type { RegistryContext } from '../../registry-context';
import { actorOf } from '../shared/actor';
import type { ProgrammeEntity } from './programme.entity';
import { approveProgrammeInput } from './programme.inputs';

export const programmeResolvers = {
  Query: {
    programme: (_: unknown, args: { id: string }, ctx: RegistryContext) =>
      ctx.loaders.programme.load(args.id),
    programmes: (_: unknown, args: { regionId: string }, ctx: RegistryContext) =>
      ctx.loaders.programmesOfRegion.load(args.regionId),
  },
  Mutation: {
    approveProgramme: (_: unknown, args: { input: unknown }, ctx: RegistryContext) =>
      ctx.services.programmes.approve(parseInput(approveProgrammeInput, args.input), actorOf(ctx)),
  },
  Programme: {
    __resolveReference: (ref: { id: string }, ctx: RegistryContext) => ctx.loaders.programme.load(ref.id),
    owner: (programme: ProgrammeEntity, _: unknown, ctx: RegistryContext) =>
      ctx.loaders.organization.load(programme.ownerId),
    approvingOrder: (programme: ProgrammeEntity, _: unknown, ctx: RegistryContext) =>
      programme.approvingOrderId ? ctx.loaders.order.load(programme.approvingOrderId) : null,
    statuses: (programme: ProgrammeEntity, _: unknown, ctx: RegistryContext) =>
      ctx.loaders.statusesOfProgramme.load(programme.id),
  },
};
