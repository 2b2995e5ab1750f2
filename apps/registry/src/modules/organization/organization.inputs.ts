import { z } from 'zod';
import { organizationKinds, statusKinds } from '@opora/event-contracts';

import { isValidInn, isValidOgrn } from '@opora/requisites';
import { uuidField, isoDateField } from '@opora/service-kit';
import { nameText, optionalText } from '@opora/service-kit';

const uuid = uuidField();

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

const authorityLevel = z.enum(['REGIONAL', 'MUNICIPAL'], {
  message: 'Уровень органа: REGIONAL или MUNICIPAL',
});

export const registerOrganizationInput = z.object({
  municipalityId: uuid,
  kind: z.enum(organizationKinds, { message: 'Неизвестный вид организации' }),
  fullName: nameText('Полное наименование', 1000),
  shortName: optionalText('Краткое наименование', 300),
  inn: inn.nullish().transform((v) => v ?? null),
  ogrn: ogrn.nullish().transform((v) => v ?? null),
  address: optionalText('Адрес', 1000),
  locality: optionalText('Населённый пункт, район', 300),
  headName: optionalText('ФИО руководителя', 300),
  authorityLevel: authorityLevel.nullish().transform((v) => v ?? null),
});
export type RegisterOrganizationInput = z.infer<typeof registerOrganizationInput>;

/** A correction changes only the fields given; `null` clears an optional one. */
export const correctOrganizationInput = z.object({
  organizationId: uuid,
  fullName: nameText('Полное наименование', 1000).optional(),
  shortName: optionalText('Краткое наименование', 300).optional(),
  inn: inn.nullable().optional(),
  ogrn: ogrn.nullable().optional(),
  address: optionalText('Адрес', 1000).optional(),
  locality: optionalText('Населённый пункт, район', 300).optional(),
  headName: optionalText('ФИО руководителя', 300).optional(),
  reason: nameText('Основание исправления', 1000),
});
export type CorrectOrganizationInput = z.infer<typeof correctOrganizationInput>;

const isoDate = isoDateField();

export const organizationsFilter = z.object({
  regionId: uuid.nullish(),
  municipalityId: uuid.nullish(),
  kind: z.enum(organizationKinds, { message: 'Неизвестный вид организации' }).nullish(),
  search: z.string().max(200, { message: 'Поисковая строка: не длиннее 200 символов' }).nullish(),
  holdsStatus: z
    .object({
      kind: z.enum(statusKinds, { message: 'Неизвестный вид статуса' }),
      activeOn: isoDate,
    })
    .nullish(),
});
export type OrganizationsFilter = z.infer<typeof organizationsFilter>;
