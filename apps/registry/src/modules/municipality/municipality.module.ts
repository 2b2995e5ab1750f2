import { byIdLoader, groupLoader } from '@opora/database';
import { defineFeature, featureParts } from '@opora/subgraph-server';
import type { FeatureModule } from '@opora/subgraph-server';

import { MunicipalityEntity } from './municipality.entity';
import { municipalityResolvers } from './municipality.resolvers';
import { MunicipalityService } from './municipality.service';

const parts = featureParts({
  name: 'municipality',
  services: ({ dataSource }) => new MunicipalityService(dataSource),
  loaders: ({ dataSource }) => ({
    byId: byIdLoader(dataSource, MunicipalityEntity),
    ofRegion: groupLoader(dataSource, MunicipalityEntity, 'regionId', { name: 'ASC' }),
  }),
});

/** Municipalities: their SDL (this folder), resolvers, service and loaders. */
export const municipalityModule: FeatureModule<typeof parts> = defineFeature(parts, municipalityResolvers);
