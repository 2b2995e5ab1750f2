import { parse } from 'csv-parse/sync';

import { TabularError } from './errors';
import { recordsUnderHeader } from './header';
import type { TableRow } from './table';

export type CsvDelimiter = ';' | ',' | '\t';

/**
 * The delimiter of the header line: the candidate that occurs most often outside quotes.
 * Russian Excel writes `;`, most other tools `,`, some exports tabs.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char in counts) counts[char as CsvDelimiter] += 1;
  }
  const best = (Object.entries(counts) as [CsvDelimiter, number][]).sort((a, b) => b[1] - a[1])[0];
  return best[1] > 0 ? best[0] : ';';
}

/** Parses CSV text (quotes, doubled quotes, a trailing delimiter, CRLF) into header and rows. */
export function parseCsv(text: string, delimiter?: CsvDelimiter): { columns: string[]; rows: TableRow[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: delimiter ?? detectDelimiter(text),
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new TabularError(
      'MALFORMED_CSV',
      `Файл не читается как CSV${line ? ` (строка ${line})` : ''}: проверьте кавычки и разделители`,
      { row: line },
    );
  }
  if (records.length === 0) throw new TabularError('EMPTY_FILE', 'Файл пуст: нет строки заголовка');
  const [header, ...data] = records.map(({ record, info }) => ({ row: info.lines, values: record }));
  return recordsUnderHeader(header, data);
}
