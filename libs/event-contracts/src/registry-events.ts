import { z } from 'zod';

const regionCode = z.string().regex(/^\d{2}$/);

export const regionCreated = z.object({
  regionId: z.uuid(),
  code: regionCode,
  name: z.string(),
  /** IANA zone of the region's calendar; absent in events written before it was announced. */
  timeZone: z.string().optional(),
});

export const municipalityCreated = z.object({
  municipalityId: z.uuid(),
  regionId: z.uuid(),
  name: z.string(),
  oktmo: z.string().nullable(),
});

export const organizationKinds = ['SCHOOL', 'EDUCATION_AUTHORITY', 'METHODOLOGICAL_CENTER', 'OTHER'] as const;
/** The same values as the GraphQL enum OrganizationKind: generated resolver types are bound to it. */
export type OrganizationKind = (typeof organizationKinds)[number];

export const organizationCreated = z.object({
  organizationId: z.uuid(),
  municipalityId: z.uuid(),
  regionId: z.uuid(),
  kind: z.enum(organizationKinds),
  fullName: z.string(),
  shortName: z.string().nullable(),
  inn: z.string().nullable(),
  ogrn: z.string().nullable(),
});

/** Fields of an organization that an update may change (`changed` lists those that did). */
export const organizationFields = [
  'municipalityId',
  'kind',
  'fullName',
  'shortName',
  'inn',
  'ogrn',
  'address',
  'locality',
  'headName',
] as const;

/** The organization as it is after the update, and which fields changed. */
export const organizationUpdated = organizationCreated.extend({
  changed: z.array(z.enum(organizationFields)).min(1),
  /** Why, when a person corrected the record (an import gives none). */
  reason: z.string().nullable().default(null),
});

const isoDate = z.iso.date();

export const orderKinds = ['ORDER', 'DIRECTIVE'] as const;
/** The same values as the GraphQL enum OrderKind: generated resolver types are bound to it. */
export type OrderKind = (typeof orderKinds)[number];

export const orderIssued = z.object({
  orderId: z.uuid(),
  issuerId: z.uuid(),
  municipalityId: z.uuid(),
  kind: z.enum(orderKinds),
  number: z.string(),
  issuedOn: isoDate,
  title: z.string(),
});

export const programmeApproved = z.object({
  programmeId: z.uuid(),
  ownerId: z.uuid(),
  approvingOrderId: z.uuid().nullable(),
  name: z.string(),
  startsOn: isoDate,
  endsOn: isoDate,
});

export const programmeEnded = z.object({
  programmeId: z.uuid(),
  /** First day the programme no longer runs. */
  endedOn: isoDate,
  endingOrderId: z.uuid().nullable(),
  /** Statuses ended with it (000 §4.4). */
  endedStatusIds: z.array(z.uuid()),
});

export const statusKinds = [
  'LEADER_SCHOOL',
  'TRAINING_SITE',
  'REGIONAL_INNOVATION_SITE',
  'LOW_RESULTS',
  'UNFAVOURABLE_CONDITIONS',
] as const;
/** The same values as the GraphQL enum StatusKind: generated resolver types are bound to it. */
export type StatusKind = (typeof statusKinds)[number];

export const statusEndReasons = [
  'PROGRAMME_ENDED',
  'AGREEMENT_ENDED',
  'PLAN_FULFILLED_EARLY',
  'UNFORESEEN_CIRCUMSTANCES',
  'PERIOD_EXPIRED',
] as const;
/** The same values as the GraphQL enum StatusEndReason: generated resolver types are bound to it. */
export type StatusEndReason = (typeof statusEndReasons)[number];

export const statusAssigned = z.object({
  statusId: z.uuid(),
  organizationId: z.uuid(),
  municipalityId: z.uuid(),
  kind: z.enum(statusKinds),
  theme: z.string(),
  programmeId: z.uuid().nullable(),
  assigningOrderId: z.uuid(),
  validFrom: isoDate,
  validTo: isoDate.nullable(),
  /** Set when this record corrects an earlier one (which is superseded, not overwritten). */
  correctsStatusId: z.uuid().nullable(),
});

export const statusEnded = z.object({
  statusId: z.uuid(),
  organizationId: z.uuid(),
  municipalityId: z.uuid(),
  kind: z.enum(statusKinds),
  reason: z.enum(statusEndReasons),
  /** First day the status is no longer held. */
  endedOn: isoDate,
  endingOrderId: z.uuid().nullable(),
});
