import { actorOf, atMunicipality } from '@opora/service-kit';
import { parseInput } from '@opora/subgraph-server';

import type { Resolvers } from '../../generated/resolvers-types';
import { requireAccess } from '../directory/directory-access';
import { placeOfOrganization, placeOfRegion } from '../directory/directory.place';
import { importMeasurementsInput, recordMeasurementInput } from './measurement.inputs';

export const measurementResolvers: Resolvers = {
  Measurement: {
    organization: (m) => ({ id: m.organizationId }),
    indicator: async (m, _, ctx) => (await ctx.loaders.indicator.byCode.load(m.indicatorCode))!,
  },
  Organization: {
    /** A school's own figures: read access to the school (its staff, its municipality, the region). */
    results: async (organization, args, ctx) => {
      const projected = await ctx.loaders.directory.organization.load(organization.id);
      await requireAccess(ctx, 'read', projected && placeOfOrganization(projected));
      const all = await ctx.loaders.measurement.ofOrganization.load(organization.id);
      return all.filter(
        (m) =>
          (!args.indicatorCodes || args.indicatorCodes.includes(m.indicatorCode)) &&
          (!args.periods || args.periods.includes(m.period)),
      );
    },
  },
  Mutation: {
    /** Results are entered by the authority over the school (its municipality or region), not by the school. */
    recordMeasurement: async (_, args, ctx) => {
      const input = parseInput(recordMeasurementInput, args.input);
      const organization = await ctx.loaders.directory.organization.load(input.organizationId);
      await requireAccess(ctx, 'write', organization && atMunicipality(placeOfOrganization(organization)));
      return ctx.services.measurement.record(input, actorOf(ctx));
    },
    /** A file of a region's results: the region's administrator's act. */
    importMeasurements: async (_, args, ctx) => {
      const input = parseInput(importMeasurementsInput, args.input);
      await requireAccess(ctx, 'write', placeOfRegion(input.regionId));
      return ctx.services.measurement.import(input, actorOf(ctx));
    },
  },
};
