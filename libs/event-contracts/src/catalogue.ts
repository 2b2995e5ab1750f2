import type { z } from 'zod';

import {
  agreementCompleted,
  agreementConcluded,
  agreementEnded,
  agreementTerminated,
  mentorshipEnded,
  mentorshipStarted,
  planAgreed,
  planItemCancelled,
  planItemDone,
  planItemReopened,
  planReturned,
  planSubmitted,
} from './agreements-events';
import type { Envelope, EventSource } from './envelope';
import {
  attendanceRecorded,
  eventCancelled,
  eventHeld,
  eventPlanned,
  feedbackGiven,
  materialPublished,
} from './events-events';
import {
  municipalityCreated,
  orderIssued,
  organizationCreated,
  organizationUpdated,
  programmeApproved,
  programmeEnded,
  regionCreated,
  statusAssigned,
  statusEnded,
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
  'registry.order.issued': { source: 'registry', version: 1, data: orderIssued },
  'registry.programme.approved': { source: 'registry', version: 1, data: programmeApproved },
  'registry.programme.ended': { source: 'registry', version: 1, data: programmeEnded },
  'registry.status.assigned': { source: 'registry', version: 1, data: statusAssigned },
  'registry.status.ended': { source: 'registry', version: 1, data: statusEnded },
  'agreements.agreement.concluded': { source: 'agreements', version: 1, data: agreementConcluded },
  'agreements.agreement.ended': { source: 'agreements', version: 1, data: agreementEnded },
  'agreements.agreement.completed': { source: 'agreements', version: 1, data: agreementCompleted },
  'agreements.agreement.terminated': { source: 'agreements', version: 1, data: agreementTerminated },
  'agreements.plan.submitted': { source: 'agreements', version: 1, data: planSubmitted },
  'agreements.plan.returned': { source: 'agreements', version: 1, data: planReturned },
  'agreements.plan.agreed': { source: 'agreements', version: 1, data: planAgreed },
  'agreements.plan-item.done': { source: 'agreements', version: 1, data: planItemDone },
  'agreements.plan-item.cancelled': { source: 'agreements', version: 1, data: planItemCancelled },
  'agreements.plan-item.reopened': { source: 'agreements', version: 1, data: planItemReopened },
  'agreements.mentorship.started': { source: 'agreements', version: 1, data: mentorshipStarted },
  'agreements.mentorship.ended': { source: 'agreements', version: 1, data: mentorshipEnded },
  'events.event.planned': { source: 'events', version: 1, data: eventPlanned },
  'events.event.held': { source: 'events', version: 1, data: eventHeld },
  'events.event.cancelled': { source: 'events', version: 1, data: eventCancelled },
  'events.attendance.recorded': { source: 'events', version: 1, data: attendanceRecorded },
  'events.material.published': { source: 'events', version: 1, data: materialPublished },
  'events.feedback.given': { source: 'events', version: 1, data: feedbackGiven },
} as const satisfies Record<string, ContractDefinition>;

export type EventType = keyof typeof eventCatalogue;
export type EventData<T extends EventType> = z.infer<(typeof eventCatalogue)[T]['data']>;
export type DomainEvent<T extends EventType = EventType> = { [K in T]: Envelope<K, EventData<K>> }[T];

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(eventCatalogue, type);
}
