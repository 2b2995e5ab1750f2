import type { Place } from '@opora/service-kit';

import type { ActivityPlanEntity } from './plan.entity';

/** A plan is its organization's (the site, or the agreement's leader). */
export const placeOfPlan = (
  plan: Pick<ActivityPlanEntity, 'regionCode' | 'municipalityId' | 'organizationId'>,
): Place => ({
  regionCode: plan.regionCode,
  municipalityId: plan.municipalityId,
  organizationId: plan.organizationId,
});

/** Where a plan is agreed and read by authorities: its municipality (000 §3.4). */
export const territoryOfPlan = (plan: Pick<ActivityPlanEntity, 'regionCode' | 'municipalityId'>): Place => ({
  regionCode: plan.regionCode,
  municipalityId: plan.municipalityId,
});
