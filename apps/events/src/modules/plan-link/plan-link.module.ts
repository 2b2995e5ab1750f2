import { defineFeature, featureParts } from '@opora/subgraph-server';
import type { FeatureModule } from '@opora/subgraph-server';

import { planLinkResolvers } from './plan-link.resolvers';

const parts = featureParts({ name: 'planLink' });

/** Plan items and agreements of the agreements service, extended with the events that fulfil them. */
export const planLinkModule: FeatureModule<typeof parts> = defineFeature(parts, planLinkResolvers);
