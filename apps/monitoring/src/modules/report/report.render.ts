import ExcelJS from 'exceljs';

import type { Cell, ReportModel } from './report.model';
import { cellText, russianDate, russianDateTime } from './report.model';

/** The report's heading lines, the same in every format. */
function heading(report: ReportModel): string[] {
  return [
    report.title,
    report.subjectName,
    `Период: с ${russianDate(report.from)} по ${russianDate(report.to)}`,
    `Сформирован: ${russianDateTime(report.generatedAt)}`,
  ];
}

/** XLSX: one sheet, a heading, then each section as a titled table with bold Russian headers. */
export async function reportXlsx(report: ReportModel): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Опора: мониторинг';
  book.created = report.generatedAt;
  const sheet = book.addWorksheet('Отчёт');
  for (const [i, line] of heading(report).entries()) {
    const row = sheet.addRow([line]);
    if (i === 0) row.font = { bold: true, size: 14 };
  }
  let widths: number[] = [];
  for (const section of report.sections) {
    sheet.addRow([]);
    sheet.addRow([section.title]).font = { bold: true, size: 12 };
    sheet.addRow(section.columns).font = { bold: true };
    for (const cells of section.rows) sheet.addRow(cells.map((c: Cell) => c ?? ''));
    widths = section.columns.map((c, i) =>
      Math.max(widths[i] ?? 10, c.length + 2, ...section.rows.map((r) => cellText(r[i] ?? null).length + 2)),
    );
  }
  widths.forEach((w, i) => {
    sheet.getColumn(i + 1).width = Math.min(w, 80);
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

const csvField = (text: string) => (/[";\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/**
 * CSV as Russian Excel opens it: UTF-8 with a byte order mark, «;» between fields, decimal comma;
 * the heading and each section's title on lines of their own.
 */
export function reportCsv(report: ReportModel): Buffer {
  const lines: string[] = heading(report).map(csvField);
  for (const section of report.sections) {
    lines.push('', csvField(section.title), section.columns.map(csvField).join(';'));
    for (const cells of section.rows) lines.push(cells.map((c) => csvField(cellText(c))).join(';'));
  }
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}
