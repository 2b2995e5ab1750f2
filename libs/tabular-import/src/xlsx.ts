import ExcelJS from 'exceljs';
import type { CellValue } from 'exceljs';

import { TabularError } from './errors';
import { recordsUnderHeader } from './header';
import type { TableRow } from './table';

/** The text a user sees in a cell: numbers without exponent, dates as ГГГГ-ММ-ДД, formulas' results. */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value).toString() : String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result as CellValue);
  if ('text' in value) return typeof value.text === 'string' ? value.text : cellText(value.text as CellValue);
  return '';
}

/** Reads the first sheet (or the named one) of an XLSX workbook; the first non-empty row is the header. */
export async function parseXlsx(
  bytes: Buffer,
  sheetName?: string,
): Promise<{ columns: string[]; rows: TableRow[] }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new TabularError('MALFORMED_XLSX', 'Файл не читается как книга Excel (XLSX)');
  }
  const sheet = sheetName ? workbook.getWorksheet(sheetName) : workbook.worksheets[0];
  if (!sheet)
    throw new TabularError(
      'SHEET_NOT_FOUND',
      sheetName ? `В книге нет листа «${sheetName}»` : 'В книге нет ни одного листа',
    );
  const lines: { row: number; values: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      values[column - 1] = cellText(cell.value);
    });
    lines.push({ row: rowNumber, values: Array.from(values, (v) => v ?? '') });
  });
  const [header, ...data] = lines;
  if (!header) throw new TabularError('EMPTY_FILE', `Лист «${sheet.name}» пуст: нет строки заголовка`);
  return recordsUnderHeader(header, data);
}
