/** One data row: its number as in the file (header = 1) and its cells keyed by header. */
export interface TableRow {
  row: number;
  cells: Record<string, string>;
}

/** A file read as a table: the header's column names in order and the non-empty rows under it. */
export interface Table {
  format: 'csv' | 'xlsx';
  /** Text encoding of a CSV file; undefined for XLSX (always Unicode). */
  encoding?: 'utf8' | 'windows-1251';
  columns: string[];
  rows: TableRow[];
}
