import { z } from 'zod';
import { visibleScope } from '@opora/auth';
import { parseInput } from '@opora/subgraph-server';

import type { Resolvers } from '../../generated/resolvers-types';
import type { MonitoringContext } from '../../monitoring-service';
import { periodOf } from '../activity/activity.period';
import { sourceTopics } from '../activity/activity.workers';
import { freshnessOf, withFreshness } from '../activity/freshness';
import type { SourceFreshnessModel } from '../activity/freshness';
import { requireAccess } from '../directory/directory-access';
import { placeOfOrganization, placeOfRegion } from '../directory/directory.place';
import type { RankedSchoolModel } from './analytics.service';

const freshness = (parent: object, _: unknown, ctx: MonitoringContext) =>
  (parent as { freshness?: SourceFreshnessModel[] }).freshness ??
  freshnessOf(ctx.services.activity.dataSource, sourceTopics);

/** Freshness read before the figures (see withFreshness). */
const fresh = <T extends object>(ctx: MonitoringContext, compute: () => Promise<T>) =>
  withFreshness(ctx.services.activity.dataSource, sourceTopics, compute);

const rankingInput = z.object({
  period: z.string(),
  indicatorCodes: z
    .array(z.string())
    .min(1, { message: 'Укажите хотя бы один показатель' })
    .max(10)
    .nullish(),
  municipalityIds: z.array(z.uuid({ message: 'Ожидается идентификатор UUID' })).nullish(),
  minParticipants: z
    .number()
    .int()
    .min(0, { message: 'Число участников не может быть отрицательным' })
    .nullish(),
  limit: z.number().int().min(1).max(1000, { message: 'Не больше 1000 школ' }).nullish(),
  excludeSupported: z.boolean().nullish(),
  excludeLeaders: z.boolean().nullish(),
  maxScore: z.number().nullish(),
  includeSupported: z.boolean().nullish(),
});

const DEFAULT_RANKING = ['EGE_THREE_SUBJECTS_SHARE_HIGH', 'EGE_THREE_SUBJECTS_SHARE_BELOW_THRESHOLD'];
const SUPPORT = ['LOW_RESULTS', 'UNFAVOURABLE_CONDITIONS'];

/** The schools of a ranking the caller may see one by one (an operator: its municipality's). */
function visibleTo(ctx: MonitoringContext, schools: RankedSchoolModel[]): RankedSchoolModel[] {
  const scope = visibleScope(ctx.principal);
  return schools.filter(
    (s) =>
      (!scope.municipalityId || scope.municipalityId === s.municipalityId) &&
      (!scope.organizationId || scope.organizationId === s.organizationId),
  );
}

async function ranking(ctx: MonitoringContext, regionId: string, args: unknown, kind: 'candidates' | 'risk') {
  // Named schools' figures: read access to the region, then only the schools the caller may read.
  await requireAccess(ctx, 'read', placeOfRegion(regionId));
  const input = parseInput(rankingInput, args);
  const service = ctx.services.analytics.analytics;
  const period = service.period(input.period, 'input.period');
  const codes = input.indicatorCodes ?? DEFAULT_RANKING;
  const indicators = await Promise.all(
    codes.map((code, i) => service.indicator(code, `input.indicatorCodes.${i}`)),
  );
  const scored = await service.scoredSchools(
    {
      regionId,
      period,
      indicatorCodes: codes,
      municipalityIds: input.municipalityIds,
      minParticipants: input.minParticipants ?? 20,
      limit: input.limit ?? 20,
    },
    indicators,
  );
  const inMunicipalities = scored.filter(
    (s) => !input.municipalityIds || input.municipalityIds.includes(s.municipalityId),
  );
  const chosen =
    kind === 'candidates'
      ? inMunicipalities
          .filter((s) => !(input.excludeSupported ?? true) || !s.statuses.some((k) => SUPPORT.includes(k)))
          .filter((s) => !input.excludeLeaders || !s.statuses.includes('LEADER_SCHOOL'))
          .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'ru'))
      : inMunicipalities
          .filter((s) => s.score <= (input.maxScore ?? -0.5))
          .filter((s) => (input.includeSupported ?? true) || !s.statuses.some((k) => SUPPORT.includes(k)))
          .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name, 'ru'));
  return {
    period,
    indicators,
    scored: inMunicipalities.length,
    schools: visibleTo(ctx, chosen).slice(0, input.limit ?? 20),
  };
}

/**
 * Sums over districts need `readAggregates` at the region; lists of named schools `read`, then only
 * the schools the caller may read; a school's effectiveness `read` at the school
 * (docs/decisions.md §69). Every answer carries the freshness of its sources (§70).
 */
export const analyticsResolvers: Resolvers = {
  IndicatorComparison: { freshness },
  SupportDynamics: { freshness },
  SchoolRanking: { freshness },
  TrainingSiteEffectiveness: { freshness },
  LeaderSchoolEffectiveness: { freshness },
  RankedSchool: {
    organization: (s) => ({ id: s.organizationId }),
    municipality: (s) => ({ id: s.municipalityId }),
  },
  PartnerChange: { organization: (p) => ({ id: p.organizationId }) },
  Region: {
    compareMunicipalities: async (region, args, ctx) => {
      await requireAccess(ctx, 'readAggregates', placeOfRegion(region.id));
      const service = ctx.services.analytics.analytics;
      const indicator = await service.indicator(args.indicatorCode, 'indicatorCode');
      const period = service.period(args.period, 'period');
      return fresh(ctx, () => service.compareMunicipalities(region.id, indicator, period));
    },
    supportDynamics: async (region, args, ctx) => {
      await requireAccess(ctx, 'readAggregates', placeOfRegion(region.id));
      const service = ctx.services.analytics.analytics;
      const indicator = await service.indicator(args.indicatorCode, 'indicatorCode');
      return fresh(ctx, async () => ({
        indicator,
        points: await service.supportDynamics(region.id, indicator, 'indicatorCode'),
      }));
    },
    leaderCandidates: (region, args, ctx) =>
      fresh(ctx, () => ranking(ctx, region.id, args.input, 'candidates')),
    schoolsAtRisk: (region, args, ctx) => fresh(ctx, () => ranking(ctx, region.id, args.input, 'risk')),
  },
  Organization: {
    trainingSiteEffectiveness: async (organization, args, ctx) => {
      const projected = await ctx.loaders.directory.organization.load(organization.id);
      await requireAccess(ctx, 'read', projected && placeOfOrganization(projected));
      const { from, to } = periodOf(args);
      return fresh(ctx, () => ctx.services.analytics.effectiveness.trainingSite(organization.id, from, to));
    },
    leaderSchoolEffectiveness: async (organization, args, ctx) => {
      const projected = await ctx.loaders.directory.organization.load(organization.id);
      await requireAccess(ctx, 'read', projected && placeOfOrganization(projected));
      const service = ctx.services.analytics.analytics;
      const indicator = await service.indicator(args.indicatorCode, 'indicatorCode');
      const period = service.period(args.period, 'period');
      return fresh(ctx, () =>
        ctx.services.analytics.effectiveness.leaderSchool(organization.id, indicator, period),
      );
    },
  },
  Query: {
    /** Every region for the platform; a region's own roles see their region only. */
    compareRegions: async (_, args, ctx) => {
      const service = ctx.services.analytics.analytics;
      const indicator = await service.indicator(args.indicatorCode, 'indicatorCode');
      const period = service.period(args.period, 'period');
      const scope = visibleScope(ctx.principal);
      let regionIds = args.regionIds ?? null;
      if (scope.regionCode) {
        const own: { id: string }[] = await ctx.services.activity.dataSource.query(
          `select id from projected_region where code = $1`,
          [scope.regionCode],
        );
        regionIds = own.map((r) => r.id).filter((id) => !args.regionIds || args.regionIds.includes(id));
      }
      for (const regionId of regionIds ?? [])
        await requireAccess(ctx, 'readAggregates', placeOfRegion(regionId));
      return fresh(ctx, () => service.compareRegions(indicator, period, regionIds));
    },
  },
};
