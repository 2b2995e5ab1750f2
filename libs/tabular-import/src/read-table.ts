import type { CsvDelimiter } from './csv';
import { parseCsv } from './csv';
import { decodeText } from './decode';
import type { EncodingChoice } from './decode';
import { TabularError } from './errors';
import type { Table } from './table';
import { parseXlsx } from './xlsx';

export interface ReadTableOptions {
  /** Explicit format; else from the file name's extension; else by content (XLSX is a ZIP). */
  format?: 'csv' | 'xlsx';
  fileName?: string;
  /** CSV only; `auto` by default (UTF-8 when valid, else Windows-1251). */
  encoding?: EncodingChoice;
  delimiter?: CsvDelimiter;
  /** XLSX only; the first sheet by default. */
  sheet?: string;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export function detectFormat(bytes: Buffer, fileName?: string): 'csv' | 'xlsx' {
  const extension = fileName?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (extension === 'csv' || extension === 'txt' || extension === 'tsv') return 'csv';
  if (extension === 'xlsx') return 'xlsx';
  if (extension === 'xls')
    throw new TabularError(
      'UNSUPPORTED_FORMAT',
      'Формат XLS (Excel 97–2003) не поддерживается: сохраните файл как XLSX или CSV',
    );
  if (ZIP_MAGIC.every((byte, i) => bytes[i] === byte)) return 'xlsx';
  if (extension)
    throw new TabularError('UNSUPPORTED_FORMAT', `Файлы .${extension} не поддерживаются: нужен CSV или XLSX`);
  return 'csv';
}

/** Reads a CSV or XLSX file into a header and rows keyed by header, with row numbers as in the file. */
export async function readTable(bytes: Buffer, options: ReadTableOptions = {}): Promise<Table> {
  if (bytes.length === 0) throw new TabularError('EMPTY_FILE', 'Файл пуст');
  const format = options.format ?? detectFormat(bytes, options.fileName);
  if (format === 'xlsx') return { format, ...(await parseXlsx(bytes, options.sheet)) };
  const { text, encoding } = decodeText(bytes, options.encoding);
  return { format, encoding, ...parseCsv(text, options.delimiter) };
}
