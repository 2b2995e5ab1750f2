import type { ProjectedMunicipality, ProjectedOrganization } from '@opora/registry-projection';
import type { Place } from '@opora/service-kit';

/** Where an organization lives, from the registry projection. */
export const placeOfOrganization = (
  o: Pick<ProjectedOrganization, 'id' | 'regionId' | 'municipalityId'>,
): Place => ({
  regionId: o.regionId,
  municipalityId: o.municipalityId,
  organizationId: o.id,
});

/** Where a municipality lives. */
export const placeOfMunicipality = (m: Pick<ProjectedMunicipality, 'id' | 'regionId'>): Place => ({
  regionId: m.regionId,
  municipalityId: m.id,
});

/** A region is its own place. */
export const placeOfRegion = (regionId: string): Place => ({ regionId });
