import { z } from 'zod';

import { nameText } from '../shared/text';

export const createRegionInput = z.object({
  code: z.string().regex(/^\d{2}$/, { message: 'Код региона — две цифры, например 47' }),
  name: nameText('Название региона', 200),
});
export type CreateRegionInput = z.infer<typeof createRegionInput>;
