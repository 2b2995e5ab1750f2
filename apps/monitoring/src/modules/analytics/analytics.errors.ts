import { DomainError } from '@opora/subgraph-server';

export type AnalyticsErrorCode = 'INDICATOR_NOT_FOUND' | 'INDICATOR_NOT_MEASURED' | 'INVALID_PERIOD';

export class AnalyticsError extends DomainError<AnalyticsErrorCode> {}
