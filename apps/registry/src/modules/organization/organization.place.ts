import type { Place } from '@opora/service-kit';

import type { OrganizationEntity } from './organization.entity';

/**
 * Where an organization lives, for access checks: itself, in its municipality and region. What its
 * authority decides about it (statuses, programmes) is checked `atMunicipality` of this place.
 */
export const placeOfOrganization = (
  organization: Pick<OrganizationEntity, 'id' | 'regionId' | 'municipalityId'>,
): Place => ({
  regionId: organization.regionId,
  municipalityId: organization.municipalityId,
  organizationId: organization.id,
});
