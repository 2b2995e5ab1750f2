import { atMunicipality } from '@opora/service-kit';
import type { Place } from '@opora/service-kit';

import type { RegistryContext } from '../../registry-service';
import { placeOfMunicipality } from '../municipality/municipality.place';
import { placeOfOrganization } from '../organization/organization.place';
import { placeOfRegion } from './region.place';

/** Ids a list filter may name; each narrows the list to one place. */
interface NamingFilter {
  regionId?: string | null;
  municipalityId?: string | null;
  issuerId?: string | null;
}

/**
 * The places a list filter names explicitly, each with the filter's field (`filter.regionId`), for
 * `requireReadableFilter`. An id that is not found names no place: the list is simply empty.
 * An issuer's orders are read at its municipality, as each order is (order.resolvers).
 */
export async function namedPlaces(
  ctx: RegistryContext,
  filter: NamingFilter,
  prefix = 'filter.',
): Promise<{ field: string; place: Place | null }[]> {
  const named: { field: string; place: Place | null }[] = [];
  if (filter.regionId) {
    const region = await ctx.loaders.region.byId.load(filter.regionId);
    named.push({ field: `${prefix}regionId`, place: region && placeOfRegion(region) });
  }
  if (filter.municipalityId) {
    const municipality = await ctx.loaders.municipality.byId.load(filter.municipalityId);
    named.push({
      field: `${prefix}municipalityId`,
      place: municipality && placeOfMunicipality(municipality),
    });
  }
  if (filter.issuerId) {
    const issuer = await ctx.loaders.organization.byId.load(filter.issuerId);
    named.push({ field: `${prefix}issuerId`, place: issuer && atMunicipality(placeOfOrganization(issuer)) });
  }
  return named;
}
