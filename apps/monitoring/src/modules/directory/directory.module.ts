import { byIdLoader } from '@opora/database';
import {
  ProjectedMunicipality,
  ProjectedOrganization,
  ProjectedRegion,
  RegistryProjection,
} from '@opora/registry-projection';
import { defineFeature, featureParts } from '@opora/subgraph-server';
import type { FeatureModule } from '@opora/subgraph-server';

import { directoryResolvers } from './directory.resolvers';

const parts = featureParts({
  name: 'directory',
  services: ({ dataSource }) => new RegistryProjection(dataSource),
  loaders: ({ dataSource }) => ({
    region: byIdLoader(dataSource, ProjectedRegion),
    municipality: byIdLoader(dataSource, ProjectedMunicipality),
    organization: byIdLoader(dataSource, ProjectedOrganization),
  }),
});

/** The registry's organizations, municipalities and regions as references, read from the projection. */
export const directoryModule: FeatureModule<typeof parts> = defineFeature(parts, directoryResolvers);
