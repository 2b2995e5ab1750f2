import { DomainError } from '@opora/subgraph-server';

import type { OrganizationEntity } from '../organization/organization.entity';

export type JurisdictionErrorCode = 'ORDER_NOT_BY_AUTHORITY' | 'ORDER_OUT_OF_JURISDICTION';

export class JurisdictionError extends DomainError<JurisdictionErrorCode> {}

/**
 * A status (and a programme) rests on an order of an education authority (000 §4.1; 002 §1.3)
 * whose jurisdiction covers the organization: a municipal authority its own municipality, a
 * regional authority its whole region.
 */
export function assertAuthorityCovers(
  issuer: OrganizationEntity,
  target: { regionId: string; municipalityId: string },
  field: string,
): void {
  if (issuer.kind !== 'EDUCATION_AUTHORITY')
    throw new JurisdictionError(
      'ORDER_NOT_BY_AUTHORITY',
      'Статус присваивается и прекращается распорядительным документом органа управления образованием (000 §4.1; 002 §1.3), а документ издан другой организацией',
      field,
    );
  const covers =
    issuer.authorityLevel === 'REGIONAL'
      ? issuer.regionId === target.regionId
      : issuer.municipalityId === target.municipalityId;
  if (!covers)
    throw new JurisdictionError(
      'ORDER_OUT_OF_JURISDICTION',
      issuer.authorityLevel === 'REGIONAL'
        ? 'Документ издан органом управления образованием другого региона'
        : 'Документ издан органом управления образованием другого муниципального образования',
      field,
    );
}
