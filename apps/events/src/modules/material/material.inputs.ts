import { z } from 'zod';
import { isoDateField, nameText, uuidField } from '@opora/service-kit';

import { linkField } from '../event/event.inputs';

const uuid = uuidField();

export const publishMaterialInput = z
  .object({
    organizationId: uuid,
    title: nameText('Название разработки', 500),
    kind: nameText('Вид разработки', 200),
    authors: z.array(nameText('Автор', 300)).min(1, 'Укажите хотя бы одного автора').max(50),
    link: linkField.nullish().transform((v) => v ?? null),
    file: z
      .object({
        name: nameText('Имя файла', 300),
        size: z.number().int('Размер — целое число байт').positive('Размер файла — больше нуля').max(2 ** 40),
        mediaType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'Тип содержимого — вида type/subtype'),
      })
      .nullish()
      .transform((v) => v ?? null),
    publishedOn: isoDateField(),
    eventId: uuid.nullish().transform((v) => v ?? null),
    planItemId: uuid.nullish().transform((v) => v ?? null),
  })
  .refine((m) => m.link !== null || m.file !== null, { message: 'Укажите ссылку или файл разработки', path: ['link'] });
export type PublishMaterialInput = z.infer<typeof publishMaterialInput>;
