import { defineFeature, featureParts } from '@opora/subgraph-server';
import type { FeatureModule } from '@opora/subgraph-server';

import { organizationResolvers } from './organization.resolvers';

const parts = featureParts({ name: 'organization' });

/** The registry's Organization extended by key: its agreements, plans and mentorships. */
export const organizationModule: FeatureModule<typeof parts> = defineFeature(parts, organizationResolvers);
