import type { EntityManager } from 'typeorm';
import type { EventType } from '@opora/event-contracts';
import { appendToOutbox } from '@opora/messaging';
import type { NewEvent } from '@opora/messaging';

import { RegionEntity } from '../region/region.entity';

/** Region codes by id. A region's code never changes, so one lookup per region and process serves. */
const regionCodes = new Map<string, string>();

/**
 * Appends a registry event about a record of a region, in the caller's transaction; the envelope's
 * region code is taken from the region's id.
 */
export async function announce<T extends EventType>(
  manager: EntityManager,
  regionId: string,
  event: Omit<NewEvent<T>, 'regionCode'>,
): Promise<void> {
  let regionCode = regionCodes.get(regionId);
  if (!regionCode) {
    regionCode = (await manager.getRepository(RegionEntity).findOneByOrFail({ id: regionId })).code;
    regionCodes.set(regionId, regionCode);
  }
  await appendToOutbox(manager, { ...event, regionCode } as NewEvent<T>);
}
