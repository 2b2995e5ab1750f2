import { z } from 'zod';

import { activityKindValues } from './activity-kinds';

const isoDate = z.iso.date();

/** A leader school and a supported school signed a partnership agreement (002 §4.2). */
export const agreementConcluded = z.object({
  agreementId: z.uuid(),
  leaderOrganizationId: z.uuid(),
  /** The first supported school (kept for consumers of version 1). */
  partnerOrganizationId: z.uuid(),
  /** Every supported school of the agreement; absent in events written before it was announced. */
  partnerOrganizationIds: z.array(z.uuid()).optional(),
  municipalityId: z.uuid(),
  validFrom: isoDate,
  validTo: isoDate.nullable(),
});

/**
 * The agreement stopped: the leader's status bound to it ends with it (002 §4.3). Written by the
 * first version of the contract; the agreements service now announces `completed` or
 * `terminated`, which carry the same fields, and the registry reads all three.
 */
export const agreementEnded = z.object({
  agreementId: z.uuid(),
  leaderOrganizationId: z.uuid(),
  /** First day the agreement no longer runs. */
  endedOn: isoDate,
});

/** The agreement ran its course (its work was done). */
export const agreementCompleted = agreementEnded.extend({
  partnerOrganizationIds: z.array(z.uuid()),
  municipalityId: z.uuid(),
});

/** The agreement was ended early, with the reason written down. */
export const agreementTerminated = agreementCompleted.extend({
  reason: z.string(),
});

export const planOwnerKinds = ['TRAINING_SITE_STATUS', 'AGREEMENT'] as const;
export type PlanOwnerKind = (typeof planOwnerKinds)[number];

/** One item of a plan as the events and monitoring services need it (no personal data). */
export const planItemSummary = z.object({
  planItemId: z.uuid(),
  activityKind: z.enum(activityKindValues),
  topic: z.string(),
  /** First day of the planned month, or the planned date. */
  plannedOn: isoDate,
  durationHours: z.number().nonnegative().nullable(),
});

const planHeader = z.object({
  planId: z.uuid(),
  /** Version number of the plan (1, 2, …): every submitted version is kept. */
  version: z.number().int().min(1),
  ownerKind: z.enum(planOwnerKinds),
  /** The training site's status id, or the agreement id. */
  ownerId: z.uuid(),
  /** The organization that works by the plan (the site or the leader school). */
  organizationId: z.uuid(),
  municipalityId: z.uuid(),
  periodFrom: isoDate,
  periodTo: isoDate,
});

/** The site's head submitted a version of the plan to the methodological centre (000 §3.5.2). */
export const planSubmitted = planHeader.extend({ itemCount: z.number().int().nonnegative() });

/** The methodological centre returned the version with comments (000 §3.5.1). */
export const planReturned = planHeader.extend({ returnedByOrganizationId: z.uuid() });

/** The methodological centre agreed the version (000 §3.4): its items are the plan now. */
export const planAgreed = planHeader.extend({
  agreedByOrganizationId: z.uuid(),
  items: z.array(planItemSummary),
});

export const planItemFulfilmentKinds = ['EVENT', 'MANUAL'] as const;

/** A plan item was done: by an event of the events service, or marked by hand. */
export const planItemDone = z.object({
  planItemId: z.uuid(),
  planId: z.uuid(),
  organizationId: z.uuid(),
  municipalityId: z.uuid(),
  activityKind: z.enum(activityKindValues),
  doneOn: isoDate,
  fulfilledBy: z.enum(planItemFulfilmentKinds),
  /** The event that fulfilled it, when an event did. */
  eventId: z.uuid().nullable(),
});

/** A plan item will not be done (cancelled by the plan's owner). */
export const planItemCancelled = z.object({
  planItemId: z.uuid(),
  planId: z.uuid(),
  organizationId: z.uuid(),
  municipalityId: z.uuid(),
  cancelledOn: isoDate,
  reason: z.string().nullable(),
});

/** A done item is planned again: the event that fulfilled it was cancelled. */
export const planItemReopened = z.object({
  planItemId: z.uuid(),
  planId: z.uuid(),
  organizationId: z.uuid(),
  municipalityId: z.uuid(),
  /** The cancelled event that had fulfilled it. */
  eventId: z.uuid().nullable(),
});

/** A tutor of the leader school started accompanying a teacher of the supported school (000 §5.3). */
export const mentorshipStarted = z.object({
  mentorshipId: z.uuid(),
  agreementId: z.uuid().nullable(),
  tutorOrganizationId: z.uuid(),
  menteeOrganizationId: z.uuid(),
  municipalityId: z.uuid(),
  subject: z.string().nullable(),
  startedOn: isoDate,
});

export const mentorshipEnded = z.object({
  mentorshipId: z.uuid(),
  tutorOrganizationId: z.uuid(),
  menteeOrganizationId: z.uuid(),
  municipalityId: z.uuid(),
  endedOn: isoDate,
});
