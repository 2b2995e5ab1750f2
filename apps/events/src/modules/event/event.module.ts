import { byIdLoader, groupLoader } from '@opora/database';
import { defineFeature, featureParts } from '@opora/subgraph-server';

import type { FeatureModule } from '@opora/subgraph-server';

import { EventEntity } from './event.entity';
import { eventResolvers } from './event.resolvers';
import { EventService } from './event.service';

const parts = featureParts({
  name: 'event',
  services: ({ dataSource }) => new EventService(dataSource),
  loaders: ({ dataSource }) => ({
    byId: byIdLoader(dataSource, EventEntity),
    ofPlanItem: groupLoader(dataSource, EventEntity, 'planItemId', { startsAt: 'ASC' }),
    ofAgreement: groupLoader(dataSource, EventEntity, 'agreementId', { startsAt: 'ASC' }),
  }),
});

/** Events: their SDL, resolvers, service and loaders. */
export const eventModule: FeatureModule<typeof parts> = defineFeature(parts, eventResolvers);
