import { byIdLoader, groupLoader } from '@opora/database';
import { defineFeature, featureParts } from '@opora/subgraph-server';
import type { FeatureModule } from '@opora/subgraph-server';

import { ProgrammeEntity } from './programme.entity';
import { programmeResolvers } from './programme.resolvers';
import { ProgrammeService } from './programme.service';

const parts = featureParts({
  name: 'programme',
  services: ({ dataSource }) => new ProgrammeService(dataSource),
  loaders: ({ dataSource }) => ({
    byId: byIdLoader(dataSource, ProgrammeEntity),
    ofRegion: groupLoader(dataSource, ProgrammeEntity, 'regionId', { startsOn: 'ASC' }),
    approvedByOrder: groupLoader(dataSource, ProgrammeEntity, 'approvingOrderId', { startsOn: 'ASC' }),
  }),
});

/** Programmes: their SDL (this folder), resolvers, service and loaders. */
export const programmeModule: FeatureModule<typeof parts> = defineFeature(parts, programmeResolvers);
