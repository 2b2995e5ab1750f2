// @ts-check
// The current table as an XLSX workbook (exceljs: its browser build in the page, the npm package
// in the unit spec). Figures are numbers and dates real dates, so Excel sums and filters them.
import { formatCell } from './cell-format.js';

/** @typedef {import('./answer-table.js').Table} Table */

/** Excel refuses sheet names over 31 characters or with : \ / ? * [ ]. */
const sheetName = (/** @type {string} */ title) =>
  title
    .replace(/[:\\/?*[\]]/g, ' ')
    .slice(0, 31)
    .trim() || 'Данные';

/**
 * Fills a new exceljs workbook with the table: title, date of the data, the values around the
 * table, then the header (bold, frozen, with filters) and the rows in the order on screen.
 * @param {any} workbook an `ExcelJS.Workbook`
 * @param {Table} table
 * @param {{ title: string, dataDate: string, timeZone?: string }} meta
 */
export function fillWorkbook(workbook, table, meta) {
  workbook.creator = 'Опора';
  const sheet = workbook.addWorksheet(sheetName(meta.title));
  sheet.addRow([meta.title]).font = { bold: true, size: 14 };
  sheet.addRow([meta.dataDate]).font = { italic: true };
  for (const line of table.context) sheet.addRow([line.header, formatCell(line.column, line.value)]);
  sheet.addRow([]);
  const header = sheet.addRow(table.columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'top' };
  header.eachCell((/** @type {any} */ cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  for (const row of table.rows)
    sheet.addRow(table.columns.map((c) => excelValue(c, row[c.id], meta.timeZone)));
  table.columns.forEach((column, index) => {
    const excelColumn = sheet.getColumn(index + 1);
    if (column.kind === 'date') excelColumn.numFmt = 'DD.MM.YYYY';
    if (column.kind === 'number') excelColumn.alignment = { horizontal: 'right' };
    const widest = Math.max(
      ...table.rows.slice(0, 500).map((r) => formatCell(column, r[column.id]).length),
      Math.min(column.header.length, 40),
    );
    excelColumn.width = Math.min(Math.max(widest + 2, 8), 60);
  });
  sheet.views = [{ state: 'frozen', ySplit: header.number }];
  if (table.columns.length)
    sheet.autoFilter = {
      from: { row: header.number, column: 1 },
      to: { row: header.number, column: table.columns.length },
    };
  return sheet;
}

/**
 * @param {import('./answer-table.js').Column} column
 * @param {unknown} value
 * @param {string | undefined} timeZone
 */
function excelValue(column, value, timeZone) {
  if (value === null || value === undefined) return null;
  if (column.kind === 'number' && typeof value === 'number') return value;
  // A calendar date as midnight UTC: exceljs writes it as that day's serial, whatever the zone.
  if (column.kind === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))
    return new Date(`${value}T00:00:00Z`);
  return formatCell(column, value, { timeZone });
}
