import { byIdLoader, groupLoader } from '@opora/database';
import { defineFeature, featureParts } from '@opora/subgraph-server';
import type { FeatureModule } from '@opora/subgraph-server';

import { ActivityPlanEntity, PlanItemEntity, PlanVersionEntity } from './plan.entity';
import { planResolvers } from './plan.resolvers';
import { PlanService } from './plan.service';

const parts = featureParts({
  name: 'plan',
  services: ({ dataSource }) => new PlanService(dataSource),
  loaders: ({ dataSource }) => ({
    byId: byIdLoader(dataSource, ActivityPlanEntity),
    itemById: byIdLoader(dataSource, PlanItemEntity),
    ofOwner: groupLoader(dataSource, ActivityPlanEntity, 'ownerId', { periodFrom: 'ASC' }),
    ofOrganization: groupLoader(dataSource, ActivityPlanEntity, 'organizationId', { periodFrom: 'ASC' }),
    itemsOfPlan: groupLoader(dataSource, PlanItemEntity, 'planId', { plannedOn: 'ASC', id: 'ASC' }),
    versionsOfPlan: groupLoader(dataSource, PlanVersionEntity, 'planId', { version: 'ASC' }),
  }),
});

/** Activity plans, their versions and items: SDL (this folder), resolvers, service and loaders. */
export const planModule: FeatureModule<typeof parts> = defineFeature(parts, planResolvers);
