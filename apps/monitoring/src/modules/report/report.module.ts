import { defineFeature, featureParts } from '@opora/subgraph-server';
import type { FeatureModule } from '@opora/subgraph-server';

import { reportResolvers } from './report.resolvers';
import { ReportService } from './report.service';

const parts = featureParts({
  name: 'report',
  services: ({ dataSource }) => new ReportService(dataSource),
});

/** Monitoring reports as data and as XLSX/CSV files. */
export const reportModule: FeatureModule<typeof parts> = defineFeature(parts, reportResolvers);
