import type { Place } from '@opora/service-kit';

import type { RegionEntity } from './region.entity';

/** Where a region lives, for access checks: the region itself. */
export const placeOfRegion = (region: Pick<RegionEntity, 'id'>): Place => ({ regionId: region.id });
