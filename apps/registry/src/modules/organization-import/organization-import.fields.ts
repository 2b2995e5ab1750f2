import type { FieldSpec } from '@opora/tabular-import';

/** Organization fields an import file can carry, with the header names authorities use for them. */
export const importFields = {
  ogrn: { synonyms: ['ОГРН', 'OGRN'] },
  inn: { synonyms: ['ИНН', 'INN'] },
  fullName: {
    synonyms: ['Полное наименование', 'Наименование', 'Наименование организации', 'EDU_NAME', 'FullName'],
    required: true,
  },
  shortName: { synonyms: ['Краткое наименование', 'Сокращённое наименование', 'ShortName'] },
  municipality: {
    synonyms: [
      'Муниципальное образование',
      'Муниципалитет',
      'Муниципальный район',
      'AdmArea',
      'Municipality',
    ],
    required: true,
  },
  address: { synonyms: ['Адрес', 'Юридический адрес', 'Address'] },
  locality: { synonyms: ['Населённый пункт', 'Населенный пункт', 'Район города', 'District', 'Locality'] },
  headName: { synonyms: ['Руководитель', 'ФИО руководителя', 'Директор', 'HeadName'] },
} as const satisfies Record<string, FieldSpec>;

export type ImportField = keyof typeof importFields;

/** GraphQL enum value ↔ field name. */
export const importFieldByEnum = {
  OGRN: 'ogrn',
  INN: 'inn',
  FULL_NAME: 'fullName',
  SHORT_NAME: 'shortName',
  MUNICIPALITY: 'municipality',
  ADDRESS: 'address',
  LOCALITY: 'locality',
  HEAD_NAME: 'headName',
} as const satisfies Record<string, ImportField>;

export type ImportFieldEnum = keyof typeof importFieldByEnum;

export const enumOfImportField = Object.fromEntries(
  Object.entries(importFieldByEnum).map(([name, field]) => [field, name]),
) as Record<ImportField, ImportFieldEnum>;
