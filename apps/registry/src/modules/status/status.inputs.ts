import { z } from 'zod';
import { statusEndReasons, statusKinds } from '@opora/event-contracts';
import { uuidField, isoDateField } from '@opora/service-kit';

import { nameText, optionalText } from '@opora/service-kit';

const uuid = uuidField();
const isoDate = isoDateField();
const grounds = z
  .array(nameText('Основание', 2000), { message: 'Основания: ожидается список строк' })
  .max(20, { message: 'Оснований не больше 20' });

export const assignStatusInput = z.object({
  organizationId: uuid,
  kind: z.enum(statusKinds, { message: 'Неизвестный вид статуса' }),
  theme: nameText('Тема', 2000),
  grounds: grounds.nullish().transform((v) => v ?? []),
  programmeId: uuid.nullish().transform((v) => v ?? null),
  assigningOrderId: uuid,
  methodologicalCentreId: uuid.nullish().transform((v) => v ?? null),
  validFrom: isoDate.nullish().transform((v) => v ?? null),
  validTo: isoDate.nullish().transform((v) => v ?? null),
});
export type AssignStatusInput = z.infer<typeof assignStatusInput>;

export const endStatusEarlyInput = z.object({
  statusId: uuid,
  reason: z.enum(statusEndReasons, { message: 'Неизвестная причина прекращения' }),
  endingOrderId: uuid,
});
export type EndStatusEarlyInput = z.infer<typeof endStatusEarlyInput>;

export const correctStatusInput = z.object({
  statusId: uuid,
  theme: nameText('Тема', 2000).optional(),
  grounds: grounds.optional(),
  programmeId: uuid.nullable().optional(),
  validFrom: isoDate.optional(),
  validTo: isoDate.nullable().optional(),
  reason: nameText('Основание исправления', 1000),
});
export type CorrectStatusInput = z.infer<typeof correctStatusInput>;

export const appointSiteHeadInput = z.object({
  statusId: uuid,
  appointingOrderId: uuid,
  fullName: nameText('ФИО', 300),
  position: optionalText('Должность', 300),
  email: z
    .email({ message: 'Неверный адрес электронной почты' })
    .max(300)
    .nullish()
    .transform((v) => v ?? null),
  phone: z
    .string()
    .regex(/^[+\d][\d\s()-]{4,30}$/, { message: 'Телефон: цифры, пробелы, скобки, дефисы' })
    .nullish()
    .transform((v) => v ?? null),
});
export type AppointSiteHeadInput = z.infer<typeof appointSiteHeadInput>;
