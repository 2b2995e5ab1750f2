import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { defineFeature, featureParts } from '@opora/subgraph-server';
import type { FeatureModule } from '@opora/subgraph-server';

import { IndicatorEntity } from './indicator.entity';
import { indicatorResolvers } from './indicator.resolvers';

const parts = featureParts({
  name: 'indicator',
  services: ({ dataSource }) => dataSource.getRepository(IndicatorEntity),
  loaders: ({ dataSource }) => ({
    byCode: new DataLoader<string, IndicatorEntity | null>(async (codes) => {
      const rows = await dataSource.getRepository(IndicatorEntity).findBy({ code: In([...codes]) });
      return codes.map((code) => rows.find((r) => r.code === code) ?? null);
    }),
  }),
});

/** The indicator catalogue: its SDL, resolvers and a loader by code. */
export const indicatorModule: FeatureModule<typeof parts> = defineFeature(parts, indicatorResolvers);
