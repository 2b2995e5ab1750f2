import { atMunicipality } from '@opora/service-kit';
import type { Place } from '@opora/service-kit';

import type { StatusAssignmentEntity } from './status.entity';

type Placed = Pick<StatusAssignmentEntity, 'regionId' | 'municipalityId' | 'organizationId'>;

/** Where the organization holding a status lives: its staff appoint the site head (000 §4.3) and its people are its personal data. */
export const placeOfStatusHolder = (status: Placed): Place => ({
  regionId: status.regionId,
  municipalityId: status.municipalityId,
  organizationId: status.organizationId,
});

/** A status is the authority's act: read and written at the holder's municipality. */
export const placeOfStatus = (status: Placed): Place => atMunicipality(placeOfStatusHolder(status));
