import { DomainError } from '@opora/subgraph-server';

export type AgreementErrorCode =
  | 'AGREEMENT_NOT_FOUND'
  | 'ORGANIZATION_NOT_FOUND'
  | 'AGREEMENT_PERIOD_INVALID'
  | 'AGREEMENT_WITH_ITSELF'
  | 'LEADER_STATUS_MISSING'
  | 'PARTNER_STATUS_MISSING'
  | 'MUNICIPALITY_MISMATCH'
  | 'AGREEMENT_OVERLAPS'
  | 'AGREEMENT_TRANSITION_NOT_ALLOWED'
  | 'AGREEMENT_END_DATE_INVALID';

export class AgreementError extends DomainError<AgreementErrorCode> {}
