import type { Place } from '@opora/service-kit';

import type { AgreementEntity } from './agreement.entity';

/** An agreement is the leader school's: written by its staff or the authorities over it. */
export const placeOfAgreement = (
  agreement: Pick<AgreementEntity, 'regionCode' | 'municipalityId' | 'leaderOrganizationId'>,
): Place => ({
  regionCode: agreement.regionCode,
  municipalityId: agreement.municipalityId,
  organizationId: agreement.leaderOrganizationId,
});

/** Every party's place: the responsible people are shown to whoever may read either party's. */
export const partyPlacesOfAgreement = (
  agreement: Pick<
    AgreementEntity,
    'regionCode' | 'municipalityId' | 'leaderOrganizationId' | 'partnerOrganizationIds'
  >,
): Place[] =>
  [agreement.leaderOrganizationId, ...agreement.partnerOrganizationIds].map((organizationId) => ({
    regionCode: agreement.regionCode,
    municipalityId: agreement.municipalityId,
    organizationId,
  }));

/** Where an agreement is listed and read: its municipality (both parties are there, 002 §4.2). */
export const readPlaceOfAgreement = (
  agreement: Pick<AgreementEntity, 'regionCode' | 'municipalityId'>,
): Place => ({
  regionCode: agreement.regionCode,
  municipalityId: agreement.municipalityId,
});
