import type { Place } from '@opora/service-kit';

import type { MunicipalityEntity } from './municipality.entity';

/** Where a municipality lives, for access checks: itself, in its region. */
export const placeOfMunicipality = (municipality: Pick<MunicipalityEntity, 'id' | 'regionId'>): Place => ({
  regionId: municipality.regionId,
  municipalityId: municipality.id,
});
