/** Why a whole file cannot be read as a table; row-level problems are the caller's to report. */
export type TabularErrorCode =
  | 'EMPTY_FILE'
  | 'UNSUPPORTED_FORMAT'
  | 'WRONG_ENCODING'
  | 'MALFORMED_CSV'
  | 'MALFORMED_XLSX'
  | 'SHEET_NOT_FOUND'
  | 'DUPLICATE_COLUMN'
  | 'MISSING_COLUMN'
  | 'UNKNOWN_COLUMN';

/**
 * A file-level problem with a stable code, a Russian message, and where it is when known:
 * `row` as numbered in the file (header = 1) and `column` as named in the header.
 */
export class TabularError extends Error {
  override name = 'TabularError';
  constructor(
    readonly code: TabularErrorCode,
    message: string,
    readonly where: { row?: number; column?: string } = {},
  ) {
    super(message);
  }
}
