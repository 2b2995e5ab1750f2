import type { EntityManager } from 'typeorm';
import { accessChecks } from '@opora/service-kit';
import type { BaseContext } from '@opora/subgraph-server';

import { RegionEntity } from './region.entity';

/**
 * Registry records name their region by id; tokens and event envelopes name it by code. These
 * turn one into the other for the kit's access checks and announcements.
 */
interface RegionLoaderContext extends BaseContext {
  loaders: { region: { byId: { load: (id: string) => Promise<RegionEntity | null> } } };
}

/** The kit's access checks over registry places, the region code read through the request's loader. */
export const { requireAccess, readable, mayReadPersonalData, requireReadableFilter } =
  accessChecks<RegionLoaderContext>(
    async (ctx, regionId) => (await ctx.loaders.region.byId.load(regionId))?.code ?? null,
  );

/** For list filters: the id of the region the caller's scope names by code. */
export const regionOfScope = (idColumn: string) => ({
  idColumn,
  idOfCode: 'select id from region where code = :scopeRegionCode',
});

/** Region codes by id. A region's code never changes, so one lookup per region and process serves. */
const regionCodes = new Map<string, string>();

/** The code of a region, for an event's envelope, read in the caller's transaction. */
export async function regionCodeOf(manager: EntityManager, regionId: string): Promise<string> {
  let regionCode = regionCodes.get(regionId);
  if (!regionCode) {
    regionCode = (await manager.getRepository(RegionEntity).findOneByOrFail({ id: regionId })).code;
    regionCodes.set(regionId, regionCode);
  }
  return regionCode;
}
