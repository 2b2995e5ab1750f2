import DataLoader from 'dataloader';
import { byIdLoader } from '@opora/database';
import type { Place } from '@opora/service-kit';
import { defineFeature, featureParts } from '@opora/subgraph-server';
import type { FeatureModule } from '@opora/subgraph-server';

import { projectedPlaceLoader } from '../../shared/projection-loaders';
import { AgreementEntity } from './agreement.entity';
import { agreementsOfOrganizationLoader } from './agreement.loaders';
import { agreementResolvers } from './agreement.resolvers';
import { AgreementService } from './agreement.service';

const parts = featureParts({
  name: 'agreement',
  services: ({ dataSource }) => new AgreementService(dataSource),
  loaders: ({ dataSource }) => ({
    byId: byIdLoader(dataSource, AgreementEntity),
    ofOrganization: agreementsOfOrganizationLoader(dataSource),
    /** Where an organization is, from the registry projection (access checks). */
    place: projectedPlaceLoader(dataSource),
    /** A municipality's place, from the registry projection (list filters). */
    municipalityPlace: new DataLoader<string, Place | null>(async (ids) => {
      const rows: { id: string; code: string }[] = await dataSource.query(
        `select m.id, r.code from projected_municipality m join projected_region r on r.id = m.region_id
          where m.id = any($1::uuid[])`,
        [ids],
      );
      const byId = new Map(rows.map((r) => [r.id, r.code]));
      return ids.map((id) => (byId.has(id) ? { regionCode: byId.get(id), municipalityId: id } : null));
    }),
  }),
});

/** Partnership agreements: their SDL (this folder), resolvers, service and loaders. */
export const agreementModule: FeatureModule<typeof parts> = defineFeature(parts, agreementResolvers);
