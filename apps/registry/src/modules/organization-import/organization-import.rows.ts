import { mapRow } from '@opora/tabular-import';
import type { TableRow } from '@opora/tabular-import';

import type { RowRejectionCode } from './organization-import.errors';
import { enumOfImportField, importFields } from './organization-import.fields';
import type { ImportField, ImportFieldEnum } from './organization-import.fields';
import { rowValueRules } from './organization-import.inputs';

/** A row whose values passed the rules; absent optional values are undefined. */
export interface ValidRow {
  row: number;
  ogrn?: string;
  inn?: string;
  fullName: string;
  shortName?: string;
  municipality: string;
  address?: string;
  locality?: string;
  headName?: string;
}

export interface RowRejection {
  row: number;
  /** Column as named in the file's header. */
  column: string | null;
  field: ImportFieldEnum | null;
  code: RowRejectionCode;
  message: string;
}

/** Builds rejections that name the row, the column and the field. */
export function rejection(
  row: number,
  field: ImportField,
  columns: Partial<Record<ImportField, string>>,
  code: RowRejectionCode,
  message: string,
): RowRejection {
  return {
    row,
    column: columns[field] ?? importFields[field].synonyms[0],
    field: enumOfImportField[field],
    code,
    message,
  };
}

/**
 * Checks every row against the value rules (check digits, lengths, required values) and reports
 * every problem of a row, not only the first, so that one pass over the report fixes the file.
 */
export function validateRows(
  rows: TableRow[],
  columns: Partial<Record<ImportField, string>>,
): { valid: ValidRow[]; rejected: RowRejection[] } {
  const valid: ValidRow[] = [];
  const rejected: RowRejection[] = [];
  for (const tableRow of rows) {
    const values = mapRow(tableRow, columns);
    const parsed: Partial<Record<ImportField, string>> = {};
    const problems: RowRejection[] = [];
    for (const field of Object.keys(importFields) as ImportField[]) {
      const value = values[field];
      if (value === undefined) {
        if ('required' in importFields[field])
          problems.push(
            rejection(
              tableRow.row,
              field,
              columns,
              'MISSING_VALUE',
              `${fieldTitle(field)}: значение не заполнено`,
            ),
          );
        continue;
      }
      const result = rowValueRules[field].safeParse(value);
      if (result.success) parsed[field] = result.data;
      else
        problems.push(
          rejection(tableRow.row, field, columns, 'INVALID_VALUE', result.error.issues[0].message),
        );
    }
    if (!values.ogrn && !values.inn)
      problems.push(
        rejection(
          tableRow.row,
          'ogrn',
          columns,
          'MISSING_VALUE',
          'Нужен ОГРН или ИНН: по ним организация находится в реестре',
        ),
      );
    if (problems.length) rejected.push(...problems);
    else valid.push({ row: tableRow.row, ...(parsed as Omit<ValidRow, 'row'>) });
  }
  return { valid, rejected };
}

/**
 * A second row with the OGRN (or INN) of an earlier row is rejected: the file would otherwise say
 * two different things about one organization. The first occurrence stays.
 */
export function rejectDuplicates(
  rows: ValidRow[],
  columns: Partial<Record<ImportField, string>>,
): { unique: ValidRow[]; rejected: RowRejection[] } {
  const firstRow = { ogrn: new Map<string, number>(), inn: new Map<string, number>() };
  const unique: ValidRow[] = [];
  const rejected: RowRejection[] = [];
  for (const row of rows) {
    const clash = (['ogrn', 'inn'] as const).find((key) => row[key] && firstRow[key].has(row[key]));
    if (clash) {
      const label = clash === 'ogrn' ? 'ОГРН' : 'ИНН';
      rejected.push(
        rejection(
          row.row,
          clash,
          columns,
          'DUPLICATE_IN_FILE',
          `${label} ${row[clash]} уже встречается в строке ${firstRow[clash].get(row[clash]!)}`,
        ),
      );
      continue;
    }
    if (row.ogrn) firstRow.ogrn.set(row.ogrn, row.row);
    if (row.inn) firstRow.inn.set(row.inn, row.row);
    unique.push(row);
  }
  return { unique, rejected };
}

function fieldTitle(field: ImportField): string {
  switch (field) {
    case 'ogrn':
      return 'ОГРН';
    case 'inn':
      return 'ИНН';
    case 'fullName':
      return 'Полное наименование';
    case 'shortName':
      return 'Краткое наименование';
    case 'municipality':
      return 'Муниципальное образование';
    case 'address':
      return 'Адрес';
    case 'locality':
      return 'Населённый пункт, район';
    case 'headName':
      return 'Руководитель';
  }
}
