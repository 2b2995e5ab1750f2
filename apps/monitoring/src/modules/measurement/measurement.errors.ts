import { DomainError } from '@opora/subgraph-server';

export type MeasurementErrorCode =
  | 'ORGANIZATION_NOT_FOUND'
  | 'INDICATOR_NOT_FOUND'
  | 'INDICATOR_COMPUTED'
  | 'VALUE_OUT_OF_RANGE'
  | 'MEASUREMENT_EXISTS'
  | 'IMPORT_FILE_UNREADABLE';

export class MeasurementError extends DomainError<MeasurementErrorCode> {}
