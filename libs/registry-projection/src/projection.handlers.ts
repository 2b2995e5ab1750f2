import type { EntityManager } from 'typeorm';
import type { DomainEvent, EventData } from '@opora/event-contracts';
import type { EventHandlers } from '@opora/messaging';

import {
  ProjectedMunicipality,
  ProjectedOrganization,
  ProjectedRegion,
  ProjectedStatus,
} from './projection.entities';

/*
 * How each registry event changes the projection. Every handler is an upsert or a guarded update
 * whose result depends only on the events applied before it, so that replaying the topic from
 * offset zero into an empty database gives the same rows (the inbox already drops redeliveries).
 * Events of one organization (its creation, updates, statuses) share a key and arrive in order.
 */

function organizationRow(data: EventData<'registry.organization.created'>): ProjectedOrganization {
  return {
    id: data.organizationId,
    municipalityId: data.municipalityId,
    regionId: data.regionId,
    kind: data.kind,
    fullName: data.fullName,
    shortName: data.shortName,
    inn: data.inn,
    ogrn: data.ogrn,
  };
}

async function statusAssigned(manager: EntityManager, data: EventData<'registry.status.assigned'>) {
  const statuses = manager.getRepository(ProjectedStatus);
  // A correction replaces the record it corrects, keeping how that one ended (the registry copies
  // the end onto the correction; the event does not repeat it).
  const corrected = data.correctsStatusId ? await statuses.findOneBy({ id: data.correctsStatusId }) : null;
  await statuses.upsert(
    {
      id: data.statusId,
      organizationId: data.organizationId,
      municipalityId: data.municipalityId,
      kind: data.kind,
      theme: data.theme,
      programmeId: data.programmeId,
      assigningOrderId: data.assigningOrderId,
      validFrom: data.validFrom,
      validTo: data.validTo,
      state: corrected && corrected.state !== 'ACTIVE' ? corrected.state : 'ACTIVE',
      endedOn: corrected?.endedOn ?? null,
      endReason: corrected?.endReason ?? null,
      supersededBy: null,
    },
    ['id'],
  );
  if (corrected)
    await statuses.update({ id: corrected.id }, { state: 'SUPERSEDED', supersededBy: data.statusId });
}

async function statusEnded(manager: EntityManager, data: EventData<'registry.status.ended'>) {
  await manager
    .getRepository(ProjectedStatus)
    .update(
      { id: data.statusId, state: 'ACTIVE' },
      { state: 'ENDED', endedOn: data.endedOn, endReason: data.reason },
    );
}

/** The projection's handlers, for an IdempotentConsumer of the registry's topic. */
export const registryProjectionHandlers: EventHandlers = {
  'registry.region.created': async (event, manager) => {
    const { regionId, code, name, timeZone } = event.data;
    await manager
      .getRepository(ProjectedRegion)
      .upsert({ id: regionId, code, name, timeZone: timeZone ?? null }, ['id']);
  },
  'registry.municipality.created': async (event, manager) => {
    const { municipalityId, regionId, name, oktmo } = event.data;
    await manager
      .getRepository(ProjectedMunicipality)
      .upsert({ id: municipalityId, regionId, name, oktmo }, ['id']);
  },
  'registry.organization.created': async (event, manager) => {
    await manager.getRepository(ProjectedOrganization).upsert(organizationRow(event.data), ['id']);
  },
  'registry.organization.updated': async (event, manager) => {
    await manager.getRepository(ProjectedOrganization).upsert(organizationRow(event.data), ['id']);
  },
  'registry.status.assigned': (event, manager) => statusAssigned(manager, event.data),
  'registry.status.ended': (event, manager) => statusEnded(manager, event.data),
};

/** Applies one event outside a consumer (replays in tests and tools). */
export async function applyRegistryEvent(manager: EntityManager, event: DomainEvent): Promise<void> {
  const handler = registryProjectionHandlers[event.type] as
    ((event: DomainEvent, manager: EntityManager) => Promise<void>) | undefined;
  await handler?.(event, manager);
}
