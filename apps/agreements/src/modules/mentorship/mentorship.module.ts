import DataLoader from 'dataloader';
import { byIdLoader, groupLoader } from '@opora/database';
import { defineFeature, featureParts } from '@opora/subgraph-server';
import type { FeatureModule } from '@opora/subgraph-server';

import { MentorshipEntity } from './mentorship.entity';
import { mentorshipResolvers } from './mentorship.resolvers';
import { MentorshipService } from './mentorship.service';

const parts = featureParts({
  name: 'mentorship',
  services: ({ dataSource }) => new MentorshipService(dataSource),
  loaders: ({ dataSource }) => ({
    byId: byIdLoader(dataSource, MentorshipEntity),
    ofAgreement: groupLoader(dataSource, MentorshipEntity, 'agreementId', { validFrom: 'ASC' }),
    /** As the tutor's or the mentee's school, one statement per request. */
    ofOrganization: new DataLoader<string, MentorshipEntity[]>(
      async (ids) => {
        const rows = await dataSource
          .getRepository(MentorshipEntity)
          .createQueryBuilder('m')
          .where(
            'm.tutor_organization_id = any(:ids::uuid[]) or m.mentee_organization_id = any(:ids::uuid[])',
            {
              ids: [...ids],
            },
          )
          .orderBy('m.valid_from', 'ASC')
          .getMany();
        return ids.map((id) =>
          rows.filter((m) => m.tutorOrganizationId === id || m.menteeOrganizationId === id),
        );
      },
      { maxBatchSize: 1000 },
    ),
  }),
});

/** Mentorships (tutoring): SDL (this folder), resolvers, service and loaders. */
export const mentorshipModule: FeatureModule<typeof parts> = defineFeature(parts, mentorshipResolvers);
