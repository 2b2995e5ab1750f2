import { defineFeature, featureParts } from '@opora/subgraph-server';
import type { FeatureModule } from '@opora/subgraph-server';

import { analyticsResolvers } from './analytics.resolvers';
import { AnalyticsService } from './analytics.service';
import { EffectivenessService } from './effectiveness.service';

const parts = featureParts({
  name: 'analytics',
  services: ({ dataSource }) => ({
    analytics: new AnalyticsService(dataSource),
    effectiveness: new EffectivenessService(dataSource),
  }),
});

/** Comparisons across districts, dynamics, rankings and effectiveness (docs/monitoring-formulas.md). */
export const analyticsModule: FeatureModule<typeof parts> = defineFeature(parts, analyticsResolvers);
