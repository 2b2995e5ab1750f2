import type { DataSource } from 'typeorm';
import type { StatusKind } from '@opora/event-contracts';

import { schoolYearDates } from '../activity/activity.period';
import { IndicatorEntity } from '../indicator/indicator.entity';
import { isSchoolYear } from '../measurement/measurement.inputs';
import { AnalyticsError } from './analytics.errors';
import { indicatorValuesSql } from './indicator-values';

export interface ComparisonRow {
  id: string;
  name: string;
  schools: number;
  average: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
  supportedSchools: number;
  rank: number | null;
}

export interface ComparisonModel {
  indicator: IndicatorEntity;
  period: string;
  rows: ComparisonRow[];
  average: number | null;
  schools: number;
}

export interface DynamicsPoint {
  period: string;
  supportedBefore: number | null;
  supportedBeforeSchools: number;
  supportedSince: number | null;
  supportedSinceSchools: number;
  leaderSchools: number | null;
  leaderSchoolsCount: number;
  regionAverage: number | null;
  regionSchools: number;
}

export interface RankedSchoolModel {
  organizationId: string;
  name: string;
  municipalityId: string;
  municipalityName: string | null;
  score: number;
  participants: number | null;
  values: { indicatorCode: string; value: number }[];
  statuses: StatusKind[];
}

export interface RankingFilters {
  regionId: string;
  period: string;
  indicatorCodes: string[];
  municipalityIds?: string[] | null;
  minParticipants: number;
  limit: number;
}

const SUPPORT_KINDS = `('LOW_RESULTS', 'UNFAVOURABLE_CONDITIONS')`;
const round = (x: number | null, digits = 2) =>
  x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits;
const num = (x: unknown) => (x === null || x === undefined ? null : Number(x));

/** Statuses held on some day of [from, to] (not superseded). */
const heldDuring = (alias: string, from: string, to: string) =>
  `${alias}.state <> 'SUPERSEDED' and ${alias}.valid_from <= ${to} and (${alias}.valid_to is null or ${alias}.valid_to >= ${from})
   and (${alias}.ended_on is null or ${alias}.ended_on > ${from})`;

/**
 * Cross-district analytics over measurements and the projections (docs/monitoring-formulas.md):
 * comparisons of municipalities and regions, the dynamics of supported schools, rankings of
 * candidate leader schools and of schools at risk.
 */
export class AnalyticsService {
  constructor(private readonly dataSource: DataSource) {}

  async indicator(code: string, field: string): Promise<IndicatorEntity> {
    const indicator = await this.dataSource.getRepository(IndicatorEntity).findOneBy({ code });
    if (!indicator)
      throw new AnalyticsError('INDICATOR_NOT_FOUND', `Показателя с кодом «${code}» нет в каталоге`, field);
    return indicator;
  }

  period(period: string, field: string): string {
    if (!isSchoolYear(period))
      throw new AnalyticsError(
        'INVALID_PERIOD',
        `«${period}» — не учебный год: нужен ГГГГ-ГГГГ, например 2015-2016`,
        field,
      );
    return period;
  }

  /** The municipalities of a region side by side on one indicator and school year. */
  async compareMunicipalities(
    regionId: string,
    indicator: IndicatorEntity,
    period: string,
  ): Promise<ComparisonModel> {
    return this.compare(indicator, period, 'municipality', regionId);
  }

  /** The regions (those given, or all) side by side on one indicator and school year. */
  async compareRegions(
    indicator: IndicatorEntity,
    period: string,
    regionIds: string[] | null,
  ): Promise<ComparisonModel> {
    return this.compare(indicator, period, 'region', regionIds);
  }

  private async compare(
    indicator: IndicatorEntity,
    period: string,
    level: 'municipality' | 'region',
    scope: string | string[] | null,
  ): Promise<ComparisonModel> {
    const params: unknown[] = [];
    const values = indicatorValuesSql(indicator, period, params);
    const { from, to } = schoolYearDates(period);
    params.push(from, to);
    const [f, t] = [`$${params.length - 1}`, `$${params.length}`];
    params.push(scope);
    const s = `$${params.length}`;
    const unit =
      level === 'municipality'
        ? { table: 'projected_municipality', key: 'o.municipality_id', where: `u.region_id = ${s}` }
        : {
            table: 'projected_region',
            key: 'o.region_id',
            where: scope === null ? 'true' : `u.id = any(${s}::uuid[])`,
          };
    if (level === 'region' && scope === null) params.pop();
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `with v as (${values}),
            supported as (select distinct st.organization_id from projected_status st
                           where st.kind in ${SUPPORT_KINDS} and ${heldDuring('st', f, t)})
       select u.id, u.name, count(v.value)::int as schools, avg(v.value) as average,
              percentile_cont(0.5) within group (order by v.value) as median, min(v.value) as min, max(v.value) as max,
              count(v.value) filter (where sp.organization_id is not null)::int as supported
         from ${unit.table} u
         left join projected_organization o on ${unit.key} = u.id
         left join v on v.organization_id = o.id
         left join supported sp on sp.organization_id = o.id
        where ${unit.where}
        group by grouping sets ((u.id, u.name), ())`,
      params,
    );
    // The row of the empty grouping set is the whole comparison: every school of the units.
    const total = rows.find((r) => r.id === null);
    rows.splice(rows.indexOf(total!), 1);
    const sign = indicator.higherIsBetter ? -1 : 1;
    const ranked = rows
      .map((r) => ({
        id: r.id as string,
        name: r.name as string,
        schools: Number(r.schools),
        average: round(num(r.average)),
        median: round(num(r.median)),
        min: round(num(r.min)),
        max: round(num(r.max)),
        supportedSchools: Number(r.supported),
        rank: null as number | null,
      }))
      .sort((a, b) =>
        a.average === null
          ? 1
          : b.average === null
            ? -1
            : sign * (a.average - b.average) || a.name.localeCompare(b.name, 'ru'),
      );
    ranked.forEach((r, i) => {
      if (r.average !== null) r.rank = i + 1;
    });
    return {
      indicator,
      period,
      rows: ranked,
      average: round(num(total?.average)),
      schools: Number(total?.schools ?? 0),
    };
  }

  /**
   * Results of supported schools before their support began and since, against leader schools and
   * the region's average, per school year with measurements (docs/monitoring-formulas.md, «Динамика»).
   */
  async supportDynamics(
    regionId: string,
    indicator: IndicatorEntity,
    field: string,
  ): Promise<DynamicsPoint[]> {
    if (indicator.computed)
      throw new AnalyticsError(
        'INDICATOR_NOT_MEASURED',
        `Динамика строится по измеряемым показателям; «${indicator.name}» вычисляется из событий за период`,
        field,
      );
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `with v as (
              select m.organization_id, m.period, m.value::float8 as value,
                     make_date(left(m.period, 4)::int, 9, 1) as p_from, make_date(right(m.period, 4)::int, 8, 31) as p_to
                from measurement m join projected_organization o on o.id = m.organization_id
               where m.indicator_code = $1 and o.region_id = $2),
            support as (select organization_id, min(valid_from) as since from projected_status
                         where kind in ${SUPPORT_KINDS} and state <> 'SUPERSEDED' group by organization_id)
       select v.period,
              avg(v.value) filter (where s.since > v.p_to) as before, count(*) filter (where s.since > v.p_to)::int as before_n,
              avg(v.value) filter (where s.since <= v.p_to) as since, count(*) filter (where s.since <= v.p_to)::int as since_n,
              avg(v.value) filter (where exists (select 1 from projected_status l where l.organization_id = v.organization_id
                 and l.kind = 'LEADER_SCHOOL' and ${heldDuring('l', 'v.p_from', 'v.p_to')})) as leaders,
              count(*) filter (where exists (select 1 from projected_status l where l.organization_id = v.organization_id
                 and l.kind = 'LEADER_SCHOOL' and ${heldDuring('l', 'v.p_from', 'v.p_to')}))::int as leaders_n,
              avg(v.value) as region, count(*)::int as region_n
         from v left join support s on s.organization_id = v.organization_id
        group by v.period order by v.period`,
      [indicator.code, regionId],
    );
    return rows.map((r) => ({
      period: r.period as string,
      supportedBefore: round(num(r.before)),
      supportedBeforeSchools: Number(r.before_n),
      supportedSince: round(num(r.since)),
      supportedSinceSchools: Number(r.since_n),
      leaderSchools: round(num(r.leaders)),
      leaderSchoolsCount: Number(r.leaders_n),
      regionAverage: round(num(r.region)),
      regionSchools: Number(r.region_n),
    }));
  }

  /**
   * Schools of a region scored on the given indicators for a school year: per indicator the
   * standard score within the region (its sign turned so that higher is better), averaged
   * (docs/monitoring-formulas.md, «Рейтинг»). Only schools with every indicator and at least
   * `minParticipants` participants (a small cohort's shares mean little) are scored.
   */
  async scoredSchools(filters: RankingFilters, indicators: IndicatorEntity[]): Promise<RankedSchoolModel[]> {
    const params: unknown[] = [filters.regionId];
    const perIndicator = indicators.map(
      (indicator, i) =>
        `select organization_id, ${i} as k, value from (${indicatorValuesSql(indicator, filters.period, params)}) x`,
    );
    const participantsCode = participantsIndicatorOf(indicators[0].code);
    params.push(participantsCode, filters.period);
    const [pc, pp] = [`$${params.length - 1}`, `$${params.length}`];
    const { from, to } = schoolYearDates(filters.period);
    params.push(from, to);
    const [f, t] = [`$${params.length - 1}`, `$${params.length}`];
    params.push(filters.minParticipants);
    const minP = `$${params.length}`;
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `with v as (${perIndicator.join(' union all ')}),
            p as (select organization_id, value::float8 as participants from measurement where indicator_code = ${pc} and period = ${pp}),
            pool as (
              select v.organization_id, v.k, v.value from v
                join projected_organization o on o.id = v.organization_id and o.region_id = $1
                left join p on p.organization_id = v.organization_id
               where coalesce(p.participants, ${minP}) >= ${minP}),
            complete as (select organization_id from pool group by organization_id having count(distinct k) = ${indicators.length}),
            stats as (select k, avg(value) as mean, stddev_pop(value) as sd from pool
                       where organization_id in (select organization_id from complete) group by k)
       select o.id, o.full_name, o.short_name, o.municipality_id, m.name as municipality_name, p.participants,
              json_agg(json_build_object('k', pool.k, 'value', pool.value, 'z', case when s.sd > 0 then (pool.value - s.mean) / s.sd else 0 end)) as values,
              (select coalesce(json_agg(distinct st.kind), '[]'::json) from projected_status st
                where st.organization_id = o.id and ${heldDuring('st', f, t)}) as statuses
         from pool join complete c on c.organization_id = pool.organization_id
         join stats s on s.k = pool.k
         join projected_organization o on o.id = pool.organization_id
         left join projected_municipality m on m.id = o.municipality_id
         left join p on p.organization_id = o.id
        group by o.id, o.full_name, o.short_name, o.municipality_id, m.name, p.participants`,
      params,
    );
    return rows.map((r) => {
      const values = r.values as { k: number; value: number; z: number }[];
      const score =
        values.reduce((sum, v) => sum + (indicators[v.k].higherIsBetter ? v.z : -v.z), 0) / indicators.length;
      return {
        organizationId: r.id as string,
        name: (r.short_name as string | null) ?? (r.full_name as string),
        municipalityId: r.municipality_id as string,
        municipalityName: (r.municipality_name as string | null) ?? null,
        score: round(score, 3)!,
        participants: num(r.participants),
        values: values
          .sort((a, b) => a.k - b.k)
          .map((v) => ({ indicatorCode: indicators[v.k].code, value: round(v.value)! })),
        statuses: (r.statuses as StatusKind[]).sort(),
      };
    });
  }
}

/** The participants indicator of the same exam and subject (EGE_RUSSIAN_SHARE_HIGH → EGE_RUSSIAN_PARTICIPANTS). */
export function participantsIndicatorOf(code: string): string {
  return code.replace(/_(AVERAGE_SCORE|SHARE_BELOW_THRESHOLD|SHARE_HIGH|PARTICIPANTS)$/, '_PARTICIPANTS');
}
