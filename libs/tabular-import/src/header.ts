import { TabularError } from './errors';
import type { TableRow } from './table';

/**
 * Builds records from a header line and data lines. Empty trailing header cells (a trailing
 * delimiter on every line) are dropped; a repeated column name is refused, since a record keyed
 * by header could not hold both values.
 */
export function recordsUnderHeader(
  header: { row: number; values: string[] },
  lines: { row: number; values: string[] }[],
): { columns: string[]; rows: TableRow[] } {
  const columns = header.values.map((v) => v.trim());
  while (columns.length && columns.at(-1) === '') columns.pop();
  const seen = new Set<string>();
  for (const column of columns) {
    if (column === '') continue;
    if (seen.has(column))
      throw new TabularError('DUPLICATE_COLUMN', `Столбец «${column}» встречается в заголовке дважды`, {
        row: header.row,
        column,
      });
    seen.add(column);
  }
  const rows: TableRow[] = [];
  for (const line of lines) {
    if (line.values.every((v) => v.trim() === '')) continue;
    const cells: Record<string, string> = {};
    columns.forEach((column, i) => {
      if (column !== '') cells[column] = line.values[i] ?? '';
    });
    rows.push({ row: line.row, cells });
  }
  return { columns: columns.filter(Boolean), rows };
}
