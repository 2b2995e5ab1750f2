import { z } from 'zod';
import { uuidField } from '@opora/service-kit';

const uuid = uuidField();

export const createCalendarFeedInput = z.object({
  scope: z.enum(['REGION', 'MUNICIPALITY', 'ORGANIZATION', 'MY_REGISTRATIONS']),
  regionId: uuid,
  municipalityId: uuid.nullish().transform((v) => v ?? null),
  organizationId: uuid.nullish().transform((v) => v ?? null),
});

export const revokeCalendarFeedInput = z.object({ feedId: uuid });
