import DataLoader from 'dataloader';
import { groupLoader } from '@opora/database';
import { defineFeature, featureParts } from '@opora/subgraph-server';
import type { FeatureModule } from '@opora/subgraph-server';

import { participationResolvers } from './participation.resolvers';
import { ParticipationService } from './participation.service';
import { RegistrationEntity } from './registration.entity';

const parts = featureParts({
  name: 'participation',
  services: ({ dataSource }) => new ParticipationService(dataSource),
  loaders: ({ dataSource }) => ({
    ofEvent: groupLoader(dataSource, RegistrationEntity, 'eventId', { registeredAt: 'ASC', personKey: 'ASC', id: 'ASC' }),
    feedbackOfEvent: new DataLoader<string, { count: number; averageRating: number | null }>(async (ids) => {
      const rows: { event_id: string; n: string; average: string | null }[] = await dataSource.query(
        `select event_id, count(*) as n, avg(rating) as average from feedback where event_id = any($1::uuid[]) group by event_id`,
        [ids],
      );
      const byId = new Map(rows.map((r) => [r.event_id, r]));
      return ids.map((id) => {
        const row = byId.get(id);
        return { count: Number(row?.n ?? 0), averageRating: row?.average ? Math.round(Number(row.average) * 100) / 100 : null };
      });
    }),
  }),
});

/** Registration, attendance and feedback of events. */
export const participationModule: FeatureModule<typeof parts> = defineFeature(parts, participationResolvers);
