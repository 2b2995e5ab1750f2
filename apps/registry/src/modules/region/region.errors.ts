import { DomainError } from '@opora/subgraph-server';

export type RegionErrorCode = 'REGION_NOT_FOUND' | 'REGION_CODE_TAKEN';

export class RegionError extends DomainError<RegionErrorCode> {}

export const regionNotFound = (field: string) =>
  new RegionError('REGION_NOT_FOUND', 'Регион не найден', field);
