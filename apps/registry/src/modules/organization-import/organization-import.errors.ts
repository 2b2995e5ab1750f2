import { DomainError } from '@opora/subgraph-server';
import type { TabularErrorCode } from '@opora/tabular-import';

/** Why a whole import is refused (nothing read, nothing written). */
export type OrganizationImportErrorCode = TabularErrorCode | 'REGION_NOT_FOUND' | 'TOO_MANY_ROWS';

export class OrganizationImportError extends DomainError<OrganizationImportErrorCode> {}

/** Why one row is rejected; listed in the report with the row number and column. */
export type RowRejectionCode =
  | 'INVALID_VALUE'
  | 'MISSING_VALUE'
  | 'DUPLICATE_IN_FILE'
  | 'OGRN_INN_CONFLICT'
  | 'MUNICIPALITY_NOT_FOUND'
  | 'ORGANIZATION_IN_OTHER_REGION';

/** The input field a file-level problem points at, so that a client can highlight it. */
export function inputFieldOf(code: OrganizationImportErrorCode): string {
  switch (code) {
    case 'REGION_NOT_FOUND':
      return 'input.regionId';
    case 'WRONG_ENCODING':
      return 'input.encoding';
    case 'UNSUPPORTED_FORMAT':
      return 'input.fileName';
    case 'SHEET_NOT_FOUND':
      return 'input.sheet';
    case 'MISSING_COLUMN':
    case 'UNKNOWN_COLUMN':
      return 'input.columns';
    case 'EMPTY_FILE':
    case 'MALFORMED_CSV':
    case 'MALFORMED_XLSX':
    case 'DUPLICATE_COLUMN':
    case 'TOO_MANY_ROWS':
      return 'input.contentBase64';
  }
}
