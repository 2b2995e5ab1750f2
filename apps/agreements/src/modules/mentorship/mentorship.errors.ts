import { DomainError } from '@opora/subgraph-server';

export type MentorshipErrorCode =
  | 'MENTORSHIP_NOT_FOUND'
  | 'MENTORSHIP_AGREEMENT_NOT_CONCLUDED'
  | 'MENTEE_NOT_PARTY'
  | 'MENTORSHIP_PERIOD_INVALID'
  | 'MENTORSHIP_TRANSITION_NOT_ALLOWED';

export class MentorshipError extends DomainError<MentorshipErrorCode> {}
