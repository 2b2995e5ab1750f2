import { AuthError, assertAuthorized, authorize, visibleScope } from '@opora/auth';
import type { Action, Principal } from '@opora/auth';
import type { BaseContext } from '@opora/subgraph-server';

import type { RegionEntity } from '../region/region.entity';

/** Where a record lives, by ids: the region always, a municipality and an organization when it has them. */
export interface Place {
  regionId: string;
  municipalityId?: string | null;
  organizationId?: string | null;
}

interface AccessContext extends BaseContext {
  loaders: { region: { load: (id: string) => Promise<RegionEntity | null> } };
}

async function targetOf(ctx: AccessContext, place: Place) {
  const region = await ctx.loaders.region.load(place.regionId);
  return {
    regionCode: region?.code ?? '??',
    ...(place.municipalityId ? { municipalityId: place.municipalityId } : {}),
    ...(place.organizationId ? { organizationId: place.organizationId } : {}),
  };
}

/**
 * Refuses (FORBIDDEN, Russian message) unless the caller's role and scope allow `action` on the
 * place. A place that is not found (null) passes: the service then answers NOT_FOUND in its
 * own words. Resolvers call it before the service, so nothing is written when it refuses.
 */
export async function requireAccess(ctx: AccessContext, action: Action, place: Place | null): Promise<void> {
  if (!place) return;
  assertAuthorized(ctx.principal, action, await targetOf(ctx, place));
}

/**
 * A list filter that names a region, municipality or organization asks for that place's data
 * explicitly: outside the caller's scope the answer is FORBIDDEN naming the filter's field, as
 * for a record asked for by id. Lists without such a filter stay silently scoped
 * (docs/decisions.md §33). A place not found passes: the list is then empty.
 */
export async function requireReadableFilter(
  ctx: AccessContext,
  named: { field: string; place: Place | null }[],
): Promise<void> {
  for (const { field, place } of named) {
    if (!place) continue;
    const decision = authorize(ctx.principal, 'read', await targetOf(ctx, place));
    if (!decision.allowed) throw new AuthError('FORBIDDEN', decision.error.message, field);
  }
}

/** A record asked for by id, handed back only when the caller may read it (FORBIDDEN otherwise). */
export async function readable<T>(
  ctx: AccessContext,
  record: T | null,
  place: (record: T) => Place,
): Promise<T | null> {
  await requireAccess(ctx, 'read', record && place(record));
  return record;
}

/**
 * The rows a list may show this caller, as SQL over the given columns: its region (by code), its
 * municipality, its organization — nothing outside, whatever the filter asks.
 */
export function scopeCondition(
  principal: Principal,
  columns: { regionId: string; municipalityId?: string; organizationId?: string },
): { sql: string; params: Record<string, string> } | null {
  const scope = visibleScope(principal);
  const parts: string[] = [];
  const params: Record<string, string> = {};
  if (scope.regionCode) {
    parts.push(`${columns.regionId} = (select id from region where code = :scopeRegionCode)`);
    params.scopeRegionCode = scope.regionCode;
  }
  if (scope.municipalityId && columns.municipalityId) {
    parts.push(`${columns.municipalityId} = :scopeMunicipalityId`);
    params.scopeMunicipalityId = scope.municipalityId;
  }
  if (scope.organizationId && columns.organizationId) {
    parts.push(`${columns.organizationId} = :scopeOrganizationId`);
    params.scopeOrganizationId = scope.organizationId;
  }
  return parts.length ? { sql: parts.join(' and '), params } : null;
}
