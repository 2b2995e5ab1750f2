import type { Place } from '@opora/service-kit';

import type { AdministrativeOrderEntity } from './order.entity';

/** Orders are the authorities' public acts: they live at the issuer's municipality, not inside the issuer. */
export const placeOfOrder = (
  order: Pick<AdministrativeOrderEntity, 'regionId' | 'municipalityId'>,
): Place => ({
  regionId: order.regionId,
  municipalityId: order.municipalityId,
});
