import { DomainError } from '@opora/subgraph-server';

export type OrganizationErrorCode =
  | 'MUNICIPALITY_NOT_FOUND'
  | 'ORGANIZATION_NOT_FOUND'
  | 'INN_TAKEN'
  | 'OGRN_TAKEN'
  | 'AUTHORITY_LEVEL_MISPLACED'
  | 'NOTHING_TO_CORRECT';

export class OrganizationError extends DomainError<OrganizationErrorCode> {}
