import type { Place } from '@opora/service-kit';

import type { ProgrammeEntity } from './programme.entity';

/** A programme is an authority's: it lives at its owner's municipality. */
export const placeOfProgramme = (programme: Pick<ProgrammeEntity, 'regionId' | 'municipalityId'>): Place => ({
  regionId: programme.regionId,
  municipalityId: programme.municipalityId,
});
