import { byIdLoader } from '@opora/database';
import { defineFeature, featureParts } from '@opora/subgraph-server';
import type { FeatureModule } from '@opora/subgraph-server';

import { RegionEntity } from './region.entity';
import { regionResolvers } from './region.resolvers';
import { RegionService } from './region.service';

const parts = featureParts({
  name: 'region',
  services: ({ dataSource }) => new RegionService(dataSource),
  loaders: ({ dataSource }) => ({ byId: byIdLoader(dataSource, RegionEntity) }),
});

/** Regions: their SDL (this folder), resolvers, service and loaders (docs/adding-a-subgraph.md). */
export const regionModule: FeatureModule<typeof parts> = defineFeature(parts, regionResolvers);
