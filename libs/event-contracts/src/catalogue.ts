import type { z } from 'zod';

import type { Envelope, EventSource } from './envelope';
import {
  municipalityCreated,
  organizationCreated,
  organizationUpdated,
  regionCreated,
} from './registry-events';

interface ContractDefinition {
  source: EventSource;
  version: number;
  data: z.ZodType;
}

/**
 * Every event type of the system with its payload schema. Producers and consumers import this
 * one catalogue, so a payload cannot drift between them. Changing a payload incompatibly means a
 * new `version`, never an edit in place.
 */
export const eventCatalogue = {
  'registry.region.created': { source: 'registry', version: 1, data: regionCreated },
  'registry.municipality.created': { source: 'registry', version: 1, data: municipalityCreated },
  'registry.organization.created': { source: 'registry', version: 1, data: organizationCreated },
  'registry.organization.updated': { source: 'registry', version: 1, data: organizationUpdated },
} as const satisfies Record<string, ContractDefinition>;

export type EventType = keyof typeof eventCatalogue;
export type EventData<T extends EventType> = z.infer<(typeof eventCatalogue)[T]['data']>;
export type DomainEvent<T extends EventType = EventType> = { [K in T]: Envelope<K, EventData<K>> }[T];

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(eventCatalogue, type);
}
