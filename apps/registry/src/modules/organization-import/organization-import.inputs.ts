import { z } from 'zod';
import { organizationKinds } from '@opora/event-contracts';
import { uuidField } from '@opora/service-kit';

import { nameText, optionalText } from '@opora/service-kit';
import { inn, ogrn } from '../organization/organization.inputs';
import { importFieldByEnum } from './organization-import.fields';
import type { ImportField } from './organization-import.fields';

export const importModes = ['ALL_OR_NOTHING', 'PER_ROW'] as const;
export type ImportMode = (typeof importModes)[number];

const encodingByEnum = { AUTO: 'auto', UTF8: 'utf8', WINDOWS_1251: 'windows-1251' } as const;
const formatByEnum = { CSV: 'csv', XLSX: 'xlsx' } as const;

/** 1 MiB request body as base64: the gateway refuses more, this only bounds direct calls. */
const MAX_BASE64 = 16 * 1024 * 1024;

/** `importOrganizations(input)` as the service receives it: the file decoded, defaults applied. */
export const importOrganizationsInput = z
  .object({
    regionId: uuidField(),
    fileName: nameText('Имя файла', 255),
    contentBase64: z
      .string()
      .max(MAX_BASE64, { message: 'Файл больше 12 МБ: загрузите его командой import:organizations' })
      .regex(/^[A-Za-z0-9+/\s]*={0,2}\s*$/, { message: 'Содержимое файла должно быть в base64' }),
    format: z.enum(['CSV', 'XLSX']).nullish(),
    encoding: z.enum(['AUTO', 'UTF8', 'WINDOWS_1251']).nullish(),
    sheet: optionalText('Лист книги', 100),
    columns: z
      .array(
        z.object({
          field: z.enum(Object.keys(importFieldByEnum) as [keyof typeof importFieldByEnum]),
          column: nameText('Название столбца', 300),
        }),
      )
      .max(20)
      .nullish()
      .refine((list) => new Set(list?.map((c) => c.field)).size === (list?.length ?? 0), {
        message: 'Каждое поле можно сопоставить только одному столбцу',
      }),
    mode: z.enum(importModes).nullish(),
    kind: z.enum(organizationKinds, { message: 'Неизвестный вид организации' }).nullish(),
    createMissingMunicipalities: z.boolean().nullish(),
    dryRun: z.boolean().nullish(),
  })
  .transform((input): ImportOrganizationsRequest => ({
    regionId: input.regionId,
    fileName: input.fileName,
    file: Buffer.from(input.contentBase64, 'base64'),
    format: input.format ? formatByEnum[input.format] : undefined,
    encoding: encodingByEnum[input.encoding ?? 'AUTO'],
    sheet: input.sheet ?? undefined,
    columns: Object.fromEntries((input.columns ?? []).map((c) => [importFieldByEnum[c.field], c.column])),
    mode: input.mode ?? 'ALL_OR_NOTHING',
    kind: input.kind ?? undefined,
    createMissingMunicipalities: input.createMissingMunicipalities ?? false,
    dryRun: input.dryRun ?? false,
  }));

/** One import, whichever way it arrives (GraphQL, the CLI, the demo-data loader). */
export interface ImportOrganizationsRequest {
  regionId: string;
  file: Buffer;
  fileName?: string;
  format?: 'csv' | 'xlsx';
  encoding: 'auto' | 'utf8' | 'windows-1251';
  sheet?: string;
  /** Field → header name, for files whose columns are not named as `importFields` expects. */
  columns: Partial<Record<ImportField, string>>;
  mode: ImportMode;
  /** Kind of new organizations (SCHOOL when absent); when given, also set on updated ones. */
  kind?: (typeof organizationKinds)[number];
  createMissingMunicipalities: boolean;
  dryRun: boolean;
}

/** Rules for one row's values (the same as registerOrganization's, with import-sized limits). */
export const rowValueRules = {
  ogrn,
  inn,
  fullName: nameText('Полное наименование', 1000),
  shortName: nameText('Краткое наименование', 300),
  municipality: nameText('Муниципальное образование', 300),
  address: nameText('Адрес', 1000),
  locality: nameText('Населённый пункт, район', 300),
  headName: nameText('ФИО руководителя', 300),
} satisfies Record<ImportField, z.ZodType<string, string>>;
