// @ts-check
// When a table compares figures across named things (municipalities, regions, schools), the data
// of a bar chart: one bar group per row, one series per figure column. Pure; app.js draws it.

/** @typedef {import('./answer-table.js').Table} Table */
/** @typedef {import('./answer-table.js').Column} Column */

const NAME_FIELDS = ['name', 'shortName', 'fullName', 'title'];

/**
 * The column that names a row: a `name`-like field, else the first text column whose values differ
 * from row to row.
 * @param {Table} table
 * @returns {Column | undefined}
 */
function nameColumn(table) {
  const text = table.columns.filter((c) => c.kind === 'text');
  const byField = text.find((c) => NAME_FIELDS.includes(c.id.split('.').pop() ?? ''));
  if (byField) return byField;
  return text.find((c) => new Set(table.rows.map((r) => r[c.id])).size === table.rows.length);
}

/**
 * @param {Table} table
 * @returns {{ labelColumn: Column, labels: string[], series: { column: Column, values: (number | null)[] }[] } | null}
 */
export function chartData(table) {
  if (table.rows.length === 0) return null;
  const labelColumn = nameColumn(table);
  const figures = table.columns.filter((c) => c.kind === 'number');
  if (!labelColumn || figures.length === 0) return null;
  return {
    labelColumn,
    labels: table.rows.map((r) => String(r[labelColumn.id] ?? '')),
    series: figures.map((column) => ({
      column,
      values: table.rows.map((r) =>
        typeof r[column.id] === 'number' ? /** @type {number} */ (r[column.id]) : null,
      ),
    })),
  };
}
