import { z } from 'zod';

import { nameText } from '@opora/service-kit';

export const createRegionInput = z.object({
  code: z.string().regex(/^\d{2}$/, { message: 'Код региона — две цифры, например 47' }),
  name: nameText('Название региона', 200),
  timeZone: z
    .string()
    .max(64)
    .refine((zone) => Intl.supportedValuesOf('timeZone').includes(zone) || zone === 'UTC', {
      message: 'Часовой пояс: имя из базы IANA, например Europe/Moscow или Asia/Yekaterinburg',
    })
    .nullish()
    .transform((zone) => zone ?? 'Europe/Moscow'),
});
export type CreateRegionInput = z.infer<typeof createRegionInput>;
