import { DomainError } from '@opora/subgraph-server';

export type EventErrorCode =
  | 'ORGANIZER_NOT_FOUND'
  | 'EVENT_NOT_FOUND'
  | 'EVENT_PERIOD_INVALID'
  | 'EVENT_LINK_REQUIRED'
  | 'EVENT_PLACE_REQUIRED'
  | 'PLAN_ITEM_NOT_FOUND'
  | 'PLAN_ITEM_NOT_ORGANIZERS'
  | 'EVENT_NOT_PLANNED'
  | 'EVENT_NOT_STARTED'
  | 'EVENT_ALREADY_CANCELLED';

export class EventError extends DomainError<EventErrorCode> {}
