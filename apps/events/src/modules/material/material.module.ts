import { groupLoader } from '@opora/database';
import { defineFeature, featureParts } from '@opora/subgraph-server';
import type { FeatureModule } from '@opora/subgraph-server';

import { MaterialEntity } from './material.entity';
import { materialResolvers } from './material.resolvers';
import { MaterialService } from './material.service';

const parts = featureParts({
  name: 'material',
  services: ({ dataSource }) => new MaterialService(dataSource),
  loaders: ({ dataSource }) => ({
    ofEvent: groupLoader(dataSource, MaterialEntity, 'eventId', { publishedOn: 'ASC' }),
    ofOrganization: groupLoader(dataSource, MaterialEntity, 'organizationId', { publishedOn: 'DESC' }),
  }),
});

/** Methodological materials (000 §5.3; 002 §2.2.4). */
export const materialModule: FeatureModule<typeof parts> = defineFeature(parts, materialResolvers);
