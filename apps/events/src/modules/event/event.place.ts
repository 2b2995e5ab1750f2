import type { Place } from '@opora/service-kit';

import type { EventEntity } from './event.entity';

/** Where an event is written: its organizer's (staff, or the authority of its territory). */
export const placeOfEvent = (e: Pick<EventEntity, 'regionId' | 'municipalityId' | 'organizerOrganizationId'>): Place => ({
  regionId: e.regionId,
  municipalityId: e.municipalityId,
  organizationId: e.organizerOrganizationId,
});

/**
 * Where an event is read: the region's calendar is open to every role of the region, since events
 * are announced to teachers of other schools (docs/decisions.md §59); its participants are not.
 */
export const calendarPlaceOfEvent = (e: Pick<EventEntity, 'regionId'>): Place => ({ regionId: e.regionId });
