import { DomainError } from '@opora/subgraph-server';

export type ParticipationErrorCode =
  | 'EVENT_NOT_FOUND'
  | 'EVENT_NOT_OPEN'
  | 'EVENT_FULL'
  | 'PARTICIPANT_ORGANIZATION_NOT_FOUND'
  | 'DUPLICATE_PARTICIPANT'
  | 'EVENT_CANCELLED'
  | 'EVENT_NOT_HELD'
  | 'REGISTRATION_NOT_FOUND'
  | 'HOURS_EXCEED_EVENT'
  | 'NOT_A_PARTICIPANT'
  | 'FEEDBACK_ALREADY_GIVEN';

export class ParticipationError extends DomainError<ParticipationErrorCode> {}
