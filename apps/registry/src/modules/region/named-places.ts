import type { Place } from '@opora/service-kit';

import type { RegistryContext } from '../../registry-context';

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
    const region = await ctx.loaders.region.load(filter.regionId);
    named.push({ field: `${prefix}regionId`, place: region && { regionId: region.id } });
  }
  if (filter.municipalityId) {
    const municipality = await ctx.loaders.municipality.load(filter.municipalityId);
    named.push({
      field: `${prefix}municipalityId`,
      place: municipality && { regionId: municipality.regionId, municipalityId: municipality.id },
    });
  }
  if (filter.issuerId) {
    const issuer = await ctx.loaders.organization.load(filter.issuerId);
    named.push({
      field: `${prefix}issuerId`,
      place: issuer && { regionId: issuer.regionId, municipalityId: issuer.municipalityId },
    });
  }
  return named;
}
