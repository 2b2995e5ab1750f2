import { TabularError } from './errors';
import type { Table, TableRow } from './table';

/** A target field: the header names it goes by (first = the canonical one) and whether it must be present. */
export interface FieldSpec {
  synonyms: readonly string[];
  required?: boolean;
}

/** Header matching ignores case, «ё»/«е», surrounding and repeated white space. */
const headerKey = (name: string) => name.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();

/**
 * Finds the column of each field: the caller's mapping `{ field: 'Header' }` first, then the
 * field's synonyms. A mapped column missing from the file → UNKNOWN_COLUMN; a required field with
 * no column → MISSING_COLUMN (row 1, the header). Returns field → column name as in the file.
 */
export function resolveColumns<Field extends string>(
  table: Pick<Table, 'columns'>,
  fields: Record<Field, FieldSpec>,
  mapping: Partial<Record<Field, string>> = {},
): Partial<Record<Field, string>> {
  const byKey = new Map(table.columns.map((column) => [headerKey(column), column]));
  const resolved: Partial<Record<Field, string>> = {};
  for (const field of Object.keys(fields) as Field[]) {
    const mapped = mapping[field];
    if (mapped !== undefined) {
      const column = byKey.get(headerKey(mapped));
      if (!column)
        throw new TabularError(
          'UNKNOWN_COLUMN',
          `В заголовке файла нет столбца «${mapped}», указанного для поля ${field}`,
          { row: 1, column: mapped },
        );
      resolved[field] = column;
      continue;
    }
    const column = fields[field].synonyms.map((name) => byKey.get(headerKey(name))).find(Boolean);
    if (column) resolved[field] = column;
    else if (fields[field].required)
      throw new TabularError(
        'MISSING_COLUMN',
        `Нет обязательного столбца «${fields[field].synonyms[0]}» (поле ${field}); укажите соответствие столбцов`,
        { row: 1, column: fields[field].synonyms[0] },
      );
  }
  return resolved;
}

/** A row's values by field: trimmed text, or undefined when the column is absent or the cell empty. */
export function mapRow<Field extends string>(
  row: TableRow,
  columns: Partial<Record<Field, string>>,
): Partial<Record<Field, string>> {
  const values: Partial<Record<Field, string>> = {};
  for (const [field, column] of Object.entries(columns) as [Field, string][]) {
    const value = row.cells[column]?.trim();
    if (value) values[field] = value;
  }
  return values;
}
