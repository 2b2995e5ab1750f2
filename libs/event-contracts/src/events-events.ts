import { z } from 'zod';

import { activityKindValues, eventFormats } from './activity-kinds';

const isoDate = z.iso.date();
const instant = z.iso.datetime({ offset: true });

const eventHeader = z.object({
  eventId: z.uuid(),
  kind: z.enum(activityKindValues),
  format: z.enum(eventFormats),
  organizerOrganizationId: z.uuid(),
  municipalityId: z.uuid(),
  /** The plan item the event fulfils and the agreement it serves, when it does. */
  planItemId: z.uuid().nullable(),
  agreementId: z.uuid().nullable(),
  subject: z.string().nullable(),
  startsAt: instant,
  endsAt: instant,
});

/** A methodological event was planned (000 §3.1; 002 §3.3). */
export const eventPlanned = eventHeader.extend({ capacity: z.number().int().positive().nullable() });

/** The event took place. */
export const eventHeld = eventHeader;

/** The event was cancelled; a plan item it had fulfilled is planned again. */
export const eventCancelled = eventHeader.extend({ reason: z.string().nullable() });

/**
 * The attendance of one event was recorded: one event per recording, with counts and hours, not
 * one per person (no personal data leaves the events service).
 */
export const attendanceRecorded = z.object({
  eventId: z.uuid(),
  kind: z.enum(activityKindValues),
  organizerOrganizationId: z.uuid(),
  municipalityId: z.uuid(),
  heldOn: isoDate,
  participants: z.number().int().nonnegative(),
  attended: z.number().int().nonnegative(),
  hours: z.number().nonnegative(),
  /** Who was reached: per participant's organization, those who attended and their hours. */
  byOrganization: z.array(
    z.object({
      organizationId: z.uuid(),
      attended: z.number().int().nonnegative(),
      hours: z.number().nonnegative(),
    }),
  ),
});

/** A methodological material was published (000 §5.3; 002 §2.2.4). */
export const materialPublished = z.object({
  materialId: z.uuid(),
  organizationId: z.uuid(),
  municipalityId: z.uuid(),
  kind: z.string(),
  publishedOn: isoDate,
  eventId: z.uuid().nullable(),
  planItemId: z.uuid().nullable(),
});

/** A participant rated a held event (the rating only: who gave it stays in the events service). */
export const feedbackGiven = z.object({
  feedbackId: z.uuid(),
  eventId: z.uuid(),
  organizerOrganizationId: z.uuid(),
  municipalityId: z.uuid(),
  rating: z.number().int().min(1).max(5),
});
