import DataLoader from 'dataloader';
import { byIdLoader } from '@opora/database';
import { ProjectedOrganization, ProjectedRegion } from '@opora/registry-projection';
import { defineFeature, featureParts } from '@opora/subgraph-server';
import type { FeatureModule } from '@opora/subgraph-server';

import { organizationResolvers } from './organization.resolvers';
import { OrganizationEventsService } from './organization.service';
import type { AttendedEventRow } from './organization.service';

const parts = featureParts({
  name: 'organization',
  services: ({ dataSource }) => new OrganizationEventsService(dataSource),
  loaders: ({ dataSource }) => {
    const service = new OrganizationEventsService(dataSource);
    return {
      /** The registry projection's rows: where an organization is, for access checks. */
      byId: byIdLoader(dataSource, ProjectedOrganization),
      region: byIdLoader(dataSource, ProjectedRegion),
      /** Events attended by each organization's staff; the key is `organizationId|from|to`. */
      attended: new DataLoader<string, AttendedEventRow[]>(async (keys) => {
        const byPeriod = new Map<string, string[]>();
        for (const key of keys) {
          const [id, from, to] = key.split('|');
          byPeriod.set(`${from}|${to}`, [...(byPeriod.get(`${from}|${to}`) ?? []), id]);
        }
        const found = new Map<string, AttendedEventRow[]>();
        for (const [period, ids] of byPeriod) {
          const [from, to] = period.split('|');
          for (const row of await service.attendedBy(ids, from, to)) {
            const key = `${row.organizationId}|${period}`;
            found.set(key, [...(found.get(key) ?? []), row]);
          }
        }
        return keys.map((key) => found.get(key) ?? []);
      }),
    };
  },
});

/** Organizations of the registry, extended with the events they organized and attended. */
export const organizationModule: FeatureModule<typeof parts> = defineFeature(parts, organizationResolvers);
