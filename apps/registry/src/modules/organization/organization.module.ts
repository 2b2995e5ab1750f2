import { byIdLoader, groupLoader } from '@opora/database';
import { defineFeature, featureParts } from '@opora/subgraph-server';
import type { FeatureModule } from '@opora/subgraph-server';

import { OrganizationEntity } from './organization.entity';
import { organizationResolvers } from './organization.resolvers';
import { OrganizationService } from './organization.service';

const parts = featureParts({
  name: 'organization',
  services: ({ dataSource }) => new OrganizationService(dataSource),
  loaders: ({ dataSource }) => ({
    byId: byIdLoader(dataSource, OrganizationEntity),
    ofMunicipality: groupLoader(dataSource, OrganizationEntity, 'municipalityId', { fullName: 'ASC' }),
  }),
});

/** Organizations: their SDL (this folder), resolvers, service and loaders. */
export const organizationModule: FeatureModule<typeof parts> = defineFeature(parts, organizationResolvers);
