import type { IndicatorEntity } from '../indicator/indicator.entity';
import type { DynamicsPoint, RankedSchoolModel } from './analytics.service';
import type { LeaderEffectivenessModel } from './effectiveness.service';

/** What the analytics resolvers hand to GraphQL (freshness is resolved on the type). */
export interface SupportDynamicsModel {
  indicator: IndicatorEntity;
  points: DynamicsPoint[];
}

export interface SchoolRankingModel {
  period: string;
  indicators: IndicatorEntity[];
  scored: number;
  schools: RankedSchoolModel[];
}

export type PartnerChangeModel = LeaderEffectivenessModel['partners'][number];
