import { defineFeature, featureParts } from '@opora/subgraph-server';
import type { FeatureModule } from '@opora/subgraph-server';

import { activityResolvers } from './activity.resolvers';
import { ActivityService } from './activity.service';

const parts = featureParts({
  name: 'activity',
  services: ({ dataSource }) => ({
    summaries: new ActivityService(dataSource),
    dataSource,
  }),
});

/** The network's activity from the projections, with the freshness of each source. */
export const activityModule: FeatureModule<typeof parts> = defineFeature(parts, activityResolvers);
