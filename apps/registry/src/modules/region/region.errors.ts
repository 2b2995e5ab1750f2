import { DomainError } from '@opora/subgraph-server';

export type RegionErrorCode = 'REGION_CODE_TAKEN';

export class RegionError extends DomainError<RegionErrorCode> {}
