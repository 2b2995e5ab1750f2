import type { EntityManager } from 'typeorm';
import { ProjectedRegion } from '@opora/registry-projection';
import type { ProjectedOrganization } from '@opora/registry-projection';
import { accessChecks } from '@opora/service-kit';
import type { Place } from '@opora/service-kit';
import type { BaseContext } from '@opora/subgraph-server';

/**
 * Events name regions by id (the registry projection's); tokens and envelopes by code. The kit's
 * access checks over this service's places, the code read through the request's loader.
 */
interface RegionLoaderContext extends BaseContext {
  loaders: { organization: { region: { load: (id: string) => Promise<ProjectedRegion | null> } } };
}

export const { requireAccess, readable, mayReadPersonalData, requireReadableFilter } =
  accessChecks<RegionLoaderContext>(
    async (ctx, regionId) => (await ctx.loaders.organization.region.load(regionId))?.code ?? null,
  );

/** Where an organization's own records live (its staff write there). */
export const placeOfOrganization = (o: Pick<ProjectedOrganization, 'id' | 'regionId' | 'municipalityId'>): Place => ({
  regionId: o.regionId,
  municipalityId: o.municipalityId,
  organizationId: o.id,
});

const regionCodes = new Map<string, string>();

/** A region's code for an event's envelope (codes never change: cached per process). */
export async function regionCodeOf(manager: EntityManager, regionId: string): Promise<string> {
  let code = regionCodes.get(regionId);
  if (!code) {
    code = (await manager.getRepository(ProjectedRegion).findOneBy({ id: regionId }))?.code ?? '00';
    if (code !== '00') regionCodes.set(regionId, code);
  }
  return code;
}

/** The zone a region shows its times in (Moscow when the registry has not sent one). */
export const zoneOf = (region: Pick<ProjectedRegion, 'timeZone'> | null): string => region?.timeZone ?? 'Europe/Moscow';

/**
 * The events of a list the caller may read: those of their own region (the calendar is read
 * region-wide, §59). Used where a list is reached through another service's record (a plan item,
 * an agreement) rather than through a scoped query.
 */
export async function visibleEvents<T extends { regionId: string }>(ctx: RegionLoaderContext, events: T[]): Promise<T[]> {
  if (ctx.principal.regionCode === null) return events;
  const codes = await Promise.all(events.map((e) => ctx.loaders.organization.region.load(e.regionId)));
  return events.filter((_, i) => codes[i]?.code === ctx.principal.regionCode);
}
