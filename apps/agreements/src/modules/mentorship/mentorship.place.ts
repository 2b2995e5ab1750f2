import type { Place } from '@opora/service-kit';

import type { MentorshipEntity } from './mentorship.entity';

/** A mentorship is the tutor's school's work: written there. */
export const placeOfMentorship = (
  m: Pick<MentorshipEntity, 'regionCode' | 'municipalityId' | 'tutorOrganizationId'>,
): Place => ({
  regionCode: m.regionCode,
  municipalityId: m.municipalityId,
  organizationId: m.tutorOrganizationId,
});

/** Both schools' places: the names are shown to whoever may read personal data at either. */
export const partyPlacesOfMentorship = (
  m: Pick<MentorshipEntity, 'regionCode' | 'municipalityId' | 'tutorOrganizationId' | 'menteeOrganizationId'>,
): Place[] =>
  [m.tutorOrganizationId, m.menteeOrganizationId].map((organizationId) => ({
    regionCode: m.regionCode,
    municipalityId: m.municipalityId,
    organizationId,
  }));
