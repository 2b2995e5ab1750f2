import { DomainError } from '@opora/subgraph-server';

export type OrderErrorCode =
  'ISSUER_NOT_FOUND' | 'ORDER_NUMBER_TAKEN' | 'ORDER_DATE_IN_FUTURE' | 'ORDER_NOT_FOUND';

export class OrderError extends DomainError<OrderErrorCode> {}
