import { groupLoader } from '@opora/database';
import { defineFeature, featureParts } from '@opora/subgraph-server';
import type { FeatureModule } from '@opora/subgraph-server';

import { MeasurementEntity } from './measurement.entity';
import { measurementResolvers } from './measurement.resolvers';
import { MeasurementService } from './measurement.service';

const parts = featureParts({
  name: 'measurement',
  services: ({ dataSource }) => new MeasurementService(dataSource),
  loaders: ({ dataSource }) => ({
    ofOrganization: groupLoader(dataSource, MeasurementEntity, 'organizationId', {
      period: 'ASC',
      indicatorCode: 'ASC',
    }),
  }),
});

/** Measurements: entered, imported, read per organization. */
export const measurementModule: FeatureModule<typeof parts> = defineFeature(parts, measurementResolvers);
