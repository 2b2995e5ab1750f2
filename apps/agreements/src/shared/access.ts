import { authorize } from '@opora/auth';
import type { Action } from '@opora/auth';
import { accessChecks } from '@opora/service-kit';
import type { Place } from '@opora/service-kit';
import type { BaseContext } from '@opora/subgraph-server';

/**
 * The kit's access checks over the agreements service's places. Every record here carries its
 * region code (taken from the registry projection when it was written), so no region look-up is
 * needed: a place without a code matches no region-bound scope.
 */
export const { requireAccess, readable, mayReadPersonalData, requireReadableFilter } =
  accessChecks<BaseContext>(() => Promise.resolve(null));

/** Whether the caller may do `action` at a place whose region code is known (list filtering). */
export function allowedAt(ctx: BaseContext, action: Action, place: Place): boolean {
  return authorize(ctx.principal, action, {
    regionCode: place.regionCode ?? '??',
    ...(place.municipalityId ? { municipalityId: place.municipalityId } : {}),
    ...(place.organizationId ? { organizationId: place.organizationId } : {}),
  }).allowed;
}

/** Personal data at any of the places (a record of two parties shows it to either side). */
export const mayReadPersonalDataAtAny = (ctx: BaseContext, places: Place[]): boolean =>
  places.some((place) => allowedAt(ctx, 'readPersonalData', place));
