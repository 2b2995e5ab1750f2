import { Not } from 'typeorm';
import { byIdLoader, groupLoader } from '@opora/database';
import { defineFeature, featureParts } from '@opora/subgraph-server';
import type { FeatureDeps, FeatureModule } from '@opora/subgraph-server';

import { PersonEntity } from './person.entity';
import type { Today } from './status-clock';
import { StatusAssignmentEntity } from './status.entity';
import { statusCountsLoader, statusesHeldOnLoader } from './status.loaders';
import { statusResolvers } from './status.resolvers';
import { StatusService } from './status.service';

const notSuperseded = { state: Not('SUPERSEDED' as const) };

/** The day the rules take as today may be fixed (specs of past documents); by default each region's own date. */
type StatusDeps = FeatureDeps & { today?: Today };

const parts = featureParts({
  name: 'status',
  services: ({ dataSource, today }: StatusDeps) => new StatusService(dataSource, today),
  loaders: ({ dataSource }: StatusDeps) => ({
    byId: byIdLoader(dataSource, StatusAssignmentEntity),
    person: byIdLoader(dataSource, PersonEntity),
    ofProgramme: groupLoader(
      dataSource,
      StatusAssignmentEntity,
      'programmeId',
      { validFrom: 'ASC' },
      notSuperseded,
    ),
    assignedByOrder: groupLoader(
      dataSource,
      StatusAssignmentEntity,
      'assigningOrderId',
      { validFrom: 'ASC' },
      notSuperseded,
    ),
    endedByOrder: groupLoader(
      dataSource,
      StatusAssignmentEntity,
      'endingOrderId',
      { validFrom: 'ASC' },
      notSuperseded,
    ),
    historyOfOrganization: groupLoader(dataSource, StatusAssignmentEntity, 'organizationId', {
      validFrom: 'ASC',
      createdAt: 'ASC',
    }),
    corrections: groupLoader(dataSource, StatusAssignmentEntity, 'supersedesId', { createdAt: 'ASC' }),
    heldOn: statusesHeldOnLoader(dataSource),
    counts: statusCountsLoader(dataSource),
  }),
});

/** Statuses and the people heading their sites: SDL (this folder), resolvers, service and loaders. */
export const statusModule: FeatureModule<typeof parts> = defineFeature(parts, statusResolvers);
