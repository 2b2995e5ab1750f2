import { z } from 'zod';

const regionCode = z.string().regex(/^\d{2}$/);

export const regionCreated = z.object({
  regionId: z.uuid(),
  code: regionCode,
  name: z.string(),
});

export const municipalityCreated = z.object({
  municipalityId: z.uuid(),
  regionId: z.uuid(),
  name: z.string(),
  oktmo: z.string().nullable(),
});

export const organizationKinds = ['SCHOOL', 'EDUCATION_AUTHORITY', 'METHODOLOGICAL_CENTER', 'OTHER'] as const;

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
  'headName',
] as const;

/** The organization as it is after the update, and which fields changed. */
export const organizationUpdated = organizationCreated.extend({
  changed: z.array(z.enum(organizationFields)).min(1),
});
