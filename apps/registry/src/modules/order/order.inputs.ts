import { z } from 'zod';
import { orderKinds } from '@opora/event-contracts';
import { uuidField, isoDateField } from '@opora/service-kit';

import { nameText, optionalText } from '@opora/service-kit';

const uuid = uuidField();
const isoDate = isoDateField();

export const issueOrderInput = z.object({
  issuerId: uuid,
  kind: z.enum(orderKinds, { message: 'Вид документа: ORDER (приказ) или DIRECTIVE (распоряжение)' }),
  number: nameText('Номер документа', 50),
  issuedOn: isoDate,
  signatory: optionalText('Подписавший', 300),
  title: nameText('Заголовок', 2000),
  annexTitle: optionalText('Название приложения', 2000),
  annexText: optionalText('Текст приложения', 200_000),
});
export type IssueOrderInput = z.infer<typeof issueOrderInput>;

export const ordersFilter = z.object({
  regionId: uuid.nullish(),
  municipalityId: uuid.nullish(),
  issuerId: uuid.nullish(),
  issuedFrom: isoDate.nullish(),
  issuedTo: isoDate.nullish(),
});
export type OrdersFilter = z.infer<typeof ordersFilter>;
