import { DomainError } from '@opora/subgraph-server';

export type MunicipalityErrorCode = 'MUNICIPALITY_NAME_TAKEN' | 'REGION_NOT_FOUND';

export class MunicipalityError extends DomainError<MunicipalityErrorCode> {}
