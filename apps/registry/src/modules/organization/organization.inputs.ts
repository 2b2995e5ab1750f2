import { z } from 'zod';
import { organizationKinds } from '@opora/event-contracts';

import { isValidInn, isValidOgrn } from '@opora/requisites';
import { nameText, optionalText } from '../shared/text';

/** INN of a legal entity: 10 digits with a valid check digit. */
export const inn = z
  .string()
  .trim()
  .regex(/^\d{10}$/, { message: 'ИНН организации — 10 цифр' })
  .refine(isValidInn, { message: 'ИНН: неверный контрольный разряд, проверьте номер' });

/** OGRN: 13 digits with a valid check digit. */
export const ogrn = z
  .string()
  .trim()
  .regex(/^\d{13}$/, { message: 'ОГРН — 13 цифр' })
  .refine(isValidOgrn, { message: 'ОГРН: неверный контрольный разряд, проверьте номер' });

export const registerOrganizationInput = z.object({
  municipalityId: z.uuid({ message: 'Ожидается идентификатор UUID' }),
  kind: z.enum(organizationKinds, { message: 'Неизвестный вид организации' }),
  fullName: nameText('Полное наименование', 1000),
  shortName: optionalText('Краткое наименование', 300),
  inn: inn.nullish().transform((v) => v ?? null),
  ogrn: ogrn.nullish().transform((v) => v ?? null),
  address: optionalText('Адрес', 1000),
  headName: optionalText('ФИО руководителя', 300),
});
export type RegisterOrganizationInput = z.infer<typeof registerOrganizationInput>;
