import { z } from 'zod';

const isoDate = z.iso.date();

/** A leader school and a supported school signed a partnership agreement (002 §4.2). */
export const agreementConcluded = z.object({
  agreementId: z.uuid(),
  leaderOrganizationId: z.uuid(),
  partnerOrganizationId: z.uuid(),
  municipalityId: z.uuid(),
  validFrom: isoDate,
  validTo: isoDate.nullable(),
});

/** The agreement stopped: the leader's status bound to it ends with it (002 §4.3). */
export const agreementEnded = z.object({
  agreementId: z.uuid(),
  leaderOrganizationId: z.uuid(),
  /** First day the agreement no longer runs. */
  endedOn: isoDate,
});
