import type { Resolvers } from '../../generated/resolvers-types';

/** The catalogue is public to every signed-in role: it names indicators, not anybody's figures. */
export const indicatorResolvers: Resolvers = {
  Query: {
    indicators: (_, args, ctx) =>
      ctx.services.indicator.find({ where: args.exam ? { exam: args.exam } : {}, order: { code: 'ASC' } }),
    indicator: (_, args, ctx) => ctx.loaders.indicator.byCode.load(args.code),
  },
};
