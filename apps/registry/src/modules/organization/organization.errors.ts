import { DomainError } from '@opora/subgraph-server';

export type OrganizationErrorCode = 'MUNICIPALITY_NOT_FOUND' | 'INN_TAKEN' | 'OGRN_TAKEN';

export class OrganizationError extends DomainError<OrganizationErrorCode> {}
