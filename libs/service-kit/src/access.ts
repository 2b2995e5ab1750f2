import { AuthError, assertAuthorized, authorize, visibleScope } from '@opora/auth';
import type { Action, Principal, Target } from '@opora/auth';
import type { BaseContext } from '@opora/subgraph-server';

/**
 * Where a record lives: its region (by code, or by id when the service keeps regions by id), and
 * its municipality and organization when it has them. Any service can name a place from its own
 * rows or projections; it needs no registry table.
 */
export interface Place {
  regionCode?: string;
  regionId?: string;
  municipalityId?: string | null;
  organizationId?: string | null;
}

/**
 * The same place at its municipality: where an authority's acts about a record (its statuses,
 * orders, programmes) are written and read, rather than the organization's own staff.
 */
export function atMunicipality(place: Place): Place {
  const { organizationId: _organization, ...atItsMunicipality } = place;
  return atItsMunicipality;
}

/** How a service turns a region id into the region code the token's scope names. */
export type RegionCodeOf<Context> = (ctx: Context, regionId: string) => Promise<string | null>;

export interface AccessChecks<Context extends BaseContext> {
  /**
   * Refuses (FORBIDDEN, Russian message) unless the caller's role and scope allow `action` on the
   * place. A place that is not found (null) passes: the service then answers NOT_FOUND in its
   * own words. Resolvers call it before the service, so nothing is written when it refuses.
   */
  requireAccess(ctx: Context, action: Action, place: Place | null): Promise<void>;
  /** A record asked for by id, handed back only when the caller may read it (FORBIDDEN otherwise). */
  readable<T>(ctx: Context, record: T | null, place: (record: T) => Place): Promise<T | null>;
  /** Whether the caller may see people's names and contacts at this place (000 §4.3 people, heads). */
  mayReadPersonalData(ctx: Context, place: Place): Promise<boolean>;
  /**
   * A list filter that names a region, municipality or organization asks for that place's data
   * explicitly: outside the caller's scope the answer is FORBIDDEN naming the filter's field, as
   * for a record asked for by id. Lists without such a filter stay silently scoped
   * (docs/decisions.md §33). A place not found (null) passes: the list is then empty.
   */
  requireReadableFilter(ctx: Context, named: { field: string; place: Place | null }[]): Promise<void>;
}

/** The one way a service checks access to a record, through @opora/auth's pure policy. */
export function accessChecks<Context extends BaseContext>(
  regionCodeOf: RegionCodeOf<Context>,
): AccessChecks<Context> {
  const targetOf = async (ctx: Context, place: Place): Promise<Target> => ({
    // An unknown region matches no scope: only roles without a region pass.
    regionCode: place.regionCode ?? (place.regionId && (await regionCodeOf(ctx, place.regionId))) ?? '??',
    ...(place.municipalityId ? { municipalityId: place.municipalityId } : {}),
    ...(place.organizationId ? { organizationId: place.organizationId } : {}),
  });
  const requireAccess = async (ctx: Context, action: Action, place: Place | null) => {
    if (!place) return;
    assertAuthorized(ctx.principal, action, await targetOf(ctx, place));
  };
  return {
    requireAccess,
    readable: async (ctx, record, place) => {
      await requireAccess(ctx, 'read', record && place(record));
      return record;
    },
    mayReadPersonalData: async (ctx, place) =>
      authorize(ctx.principal, 'readPersonalData', await targetOf(ctx, place)).allowed,
    requireReadableFilter: async (ctx, named) => {
      for (const { field, place } of named) {
        if (!place) continue;
        const decision = authorize(ctx.principal, 'read', await targetOf(ctx, place));
        if (!decision.allowed) throw new AuthError('FORBIDDEN', decision.error.message, field);
      }
    },
  };
}

/**
 * The rows a list may show this caller, as SQL over the given columns: its region, its
 * municipality, its organization — nothing outside, whatever the filter asks. `region` is either
 * a column holding the region code, or a column of region ids with the SQL that finds the id of
 * the code `:scopeRegionCode`.
 */
export function scopeCondition(
  principal: Principal,
  columns: {
    region: { codeColumn: string } | { idColumn: string; idOfCode: string };
    municipalityId?: string;
    organizationId?: string;
  },
): { sql: string; params: Record<string, string> } | null {
  const scope = visibleScope(principal);
  const parts: string[] = [];
  const params: Record<string, string> = {};
  if (scope.regionCode) {
    const region = columns.region;
    parts.push(
      'codeColumn' in region
        ? `${region.codeColumn} = :scopeRegionCode`
        : `${region.idColumn} = (${region.idOfCode})`,
    );
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
