import { DomainError } from '@opora/subgraph-server';

export type PlanErrorCode =
  | 'PLAN_NOT_FOUND'
  | 'PLAN_ITEM_NOT_FOUND'
  | 'PLAN_OWNER_NOT_FOUND'
  | 'PLAN_PERIOD_INVALID'
  | 'PLAN_PERIOD_OUTSIDE_OWNER'
  | 'PLAN_ITEM_OUTSIDE_PERIOD'
  | 'PLAN_NOT_EDITABLE'
  | 'PLAN_EMPTY'
  | 'PLAN_TRANSITION_NOT_ALLOWED'
  | 'PLAN_ITEM_TRANSITION_NOT_ALLOWED'
  | 'PLAN_AGREER_NOT_CENTRE';

export class PlanError extends DomainError<PlanErrorCode> {}
