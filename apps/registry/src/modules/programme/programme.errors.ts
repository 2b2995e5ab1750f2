import { DomainError } from '@opora/subgraph-server';

export type ProgrammeErrorCode =
  'OWNER_NOT_FOUND' | 'OWNER_NOT_AUTHORITY' | 'ORDER_NOT_FOUND' | 'PROGRAMME_PERIOD_INVALID';

export class ProgrammeError extends DomainError<ProgrammeErrorCode> {}
