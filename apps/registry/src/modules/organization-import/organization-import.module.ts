import { defineFeature, featureParts } from '@opora/subgraph-server';
import type { FeatureModule } from '@opora/subgraph-server';

import { organizationImportResolvers } from './organization-import.resolvers';
import { OrganizationImportService } from './organization-import.service';

const parts = featureParts({
  name: 'organizationImport',
  services: ({ dataSource }) => new OrganizationImportService(dataSource),
});

/** Bulk import of organizations from a file: its SDL (this folder), resolver and service; no loaders. */
export const organizationImportModule: FeatureModule<typeof parts> = defineFeature(
  parts,
  organizationImportResolvers,
);
