// @ts-check
// The current table as CSV the way Russian Excel opens it by double-click: UTF-8 with a BOM (else
// Excel reads Windows-1251), `;` between cells (the Russian list separator), decimal comma, CRLF.
import { formatCell } from './cell-format.js';

/** @typedef {import('./answer-table.js').Table} Table */

/**
 * A cell as CSV: quoted when it holds `;`, quotes or line breaks; text that Excel would take for
 * a formula (`=`, `+`, `-`, `@`) is prefixed with an apostrophe, so a name cannot run anything.
 * @param {string} text
 * @param {boolean} isText
 */
function csvCell(text, isText) {
  const safe = isText && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[;"\r\n]/.test(safe) || /^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * @param {Table} table the table as shown (its rows in the order on screen)
 * @param {{ title: string, dataDate: string, timeZone?: string }} meta
 * @returns {string} the file's text, starting with the BOM
 */
export function tableToCsv(table, meta) {
  const lines = [[meta.title], [meta.dataDate]];
  for (const line of table.context)
    lines.push([line.header, formatCell(line.column, line.value, { grouping: false })]);
  lines.push([]);
  lines.push(table.columns.map((c) => c.header));
  for (const row of table.rows)
    lines.push(
      table.columns.map((c) => formatCell(c, row[c.id], { grouping: false, timeZone: meta.timeZone })),
    );
  const isText = (/** @type {number} */ i, /** @type {number} */ lineIndex) =>
    lineIndex < lines.length - table.rows.length || table.columns[i]?.kind === 'text';
  return `\uFEFF${lines.map((cells, lineIndex) => cells.map((c, i) => csvCell(c, isText(i, lineIndex))).join(';')).join('\r\n')}\r\n`;
}
