import { z } from 'zod';
import { uuidField } from '@opora/service-kit';

import { nameText } from '@opora/service-kit';

export const createMunicipalityInput = z.object({
  regionId: uuidField(),
  name: nameText('Название муниципального образования', 300),
  oktmo: z
    .string()
    .regex(/^(\d{8}|\d{11})$/, { message: 'Код ОКТМО — 8 или 11 цифр' })
    .nullish()
    .transform((v) => v ?? null),
});
export type CreateMunicipalityInput = z.infer<typeof createMunicipalityInput>;
