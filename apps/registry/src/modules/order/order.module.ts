import { byIdLoader } from '@opora/database';
import { defineFeature, featureParts } from '@opora/subgraph-server';
import type { FeatureModule } from '@opora/subgraph-server';

import { AdministrativeOrderEntity } from './order.entity';
import { orderResolvers } from './order.resolvers';
import { OrderService } from './order.service';

const parts = featureParts({
  name: 'order',
  services: ({ dataSource }) => new OrderService(dataSource),
  loaders: ({ dataSource }) => ({ byId: byIdLoader(dataSource, AdministrativeOrderEntity) }),
});

/** Administrative orders: their SDL (this folder), resolvers, service and loaders. */
export const orderModule: FeatureModule<typeof parts> = defineFeature(parts, orderResolvers);
