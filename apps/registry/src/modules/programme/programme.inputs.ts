import { z } from 'zod';
import { uuidField, isoDateField } from '@opora/service-kit';

import { nameText } from '@opora/service-kit';

const uuid = uuidField();
const isoDate = isoDateField();

export const approveProgrammeInput = z.object({
  ownerId: uuid,
  approvingOrderId: uuid.nullish().transform((v) => v ?? null),
  name: nameText('Название программы', 2000),
  startsOn: isoDate,
  endsOn: isoDate,
});
export type ApproveProgrammeInput = z.infer<typeof approveProgrammeInput>;
