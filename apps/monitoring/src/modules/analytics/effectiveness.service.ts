import type { DataSource } from 'typeorm';

import type { IndicatorEntity } from '../indicator/indicator.entity';

export interface SiteEffectivenessModel {
  organizationId: string;
  from: string;
  to: string;
  planFulfilment: number | null;
  averageRating: number | null;
  attendanceRate: number | null;
  eventsHeld: number;
  participantsReached: number;
  materialsPublished: number;
  index: number | null;
}

export interface LeaderEffectivenessModel {
  organizationId: string;
  indicator: IndicatorEntity;
  period: string;
  partners: {
    organizationId: string;
    name: string | null;
    baselinePeriod: string | null;
    baseline: number | null;
    current: number | null;
    change: number | null;
  }[];
  partnersChange: number | null;
  regionChange: number | null;
  effect: number | null;
  tutoringHoursDelivered: number;
  eventsHeld: number;
}

const round = (x: number | null, digits = 2) =>
  x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits;
const num = (x: unknown) => (x === null || x === undefined ? null : Number(x));

/** Weights of the training site's index (docs/monitoring-formulas.md, «Эффективность МСП»). */
export const siteWeights = { planFulfilment: 0.5, averageRating: 0.25, attendanceRate: 0.25 } as const;

/**
 * Effectiveness of a training site (000 §3.5.1: the methodological centre monitors it) and of a
 * leader school (002: its help should show in the supported schools' results), by the formulas of
 * docs/monitoring-formulas.md.
 */
export class EffectivenessService {
  constructor(private readonly dataSource: DataSource) {}

  async trainingSite(organizationId: string, from: string, to: string): Promise<SiteEffectivenessModel> {
    const [row] = (await this.dataSource.query(
      `select
         (select 100.0 * count(*) filter (where state = 'DONE') / nullif(count(*) filter (where state <> 'CANCELLED'), 0)
            from act_plan_item where organization_id = $1 and planned_on between $2 and $3) as fulfilment,
         (select avg(f.rating) from act_feedback f join act_event e on e.id = f.event_id
           where e.organizer_organization_id = $1 and e.state = 'HELD' and e.starts_on between $2 and $3) as rating,
         (select 100.0 * sum(attended) / nullif(sum(participants), 0) from act_event
           where organizer_organization_id = $1 and state = 'HELD' and starts_on between $2 and $3) as attendance,
         (select count(*) from act_event where organizer_organization_id = $1 and state = 'HELD' and starts_on between $2 and $3) as held,
         (select coalesce(sum(attended), 0) from act_event
           where organizer_organization_id = $1 and state = 'HELD' and starts_on between $2 and $3) as reached,
         (select count(*) from act_material where organization_id = $1 and published_on between $2 and $3) as materials`,
      [organizationId, from, to],
    )) as Record<string, unknown>[];
    const planFulfilment = round(num(row.fulfilment));
    const averageRating = round(num(row.rating));
    const attendanceRate = round(num(row.attendance));
    // Each component on 0..1; a component without data is left out and the weights renormalised.
    const parts = [
      [planFulfilment === null ? null : planFulfilment / 100, siteWeights.planFulfilment],
      [averageRating === null ? null : (averageRating - 1) / 4, siteWeights.averageRating],
      [attendanceRate === null ? null : attendanceRate / 100, siteWeights.attendanceRate],
    ].filter((p): p is [number, number] => p[0] !== null);
    const weight = parts.reduce((sum, [, w]) => sum + w, 0);
    return {
      organizationId,
      from,
      to,
      planFulfilment,
      averageRating,
      attendanceRate,
      eventsHeld: Number(row.held),
      participantsReached: Number(row.reached),
      materialsPublished: Number(row.materials),
      index: weight ? round((100 * parts.reduce((sum, [v, w]) => sum + v * w, 0)) / weight, 1) : null,
    };
  }

  /**
   * A leader school's effect on one indicator in a school year: the change of its partner schools
   * (agreements running in that year) from their last measurement before the agreement to this
   * year, minus the region's change between the same years — a difference in differences, signed
   * so that a positive effect is an improvement.
   */
  async leaderSchool(
    organizationId: string,
    indicator: IndicatorEntity,
    period: string,
  ): Promise<LeaderEffectivenessModel> {
    const from = `${period.slice(0, 4)}-09-01`;
    const to = `${period.slice(5)}-08-31`;
    const partners: Record<string, unknown>[] = await this.dataSource.query(
      `with partner as (
              select u.organization_id, min(a.valid_from) as since
                from act_agreement a cross join unnest(a.partner_organization_ids) as u(organization_id)
               where a.leader_organization_id = $1 and a.valid_from <= $4 and (a.valid_to is null or a.valid_to >= $3)
                 and (a.ended_on is null or a.ended_on > $3)
               group by u.organization_id)
       select p.organization_id, o.short_name, o.full_name, o.region_id,
              (select m.period from measurement m where m.organization_id = p.organization_id and m.indicator_code = $2
                  and make_date(right(m.period, 4)::int, 8, 31) < p.since order by m.period desc limit 1) as baseline_period,
              (select m.value::float8 from measurement m where m.organization_id = p.organization_id and m.indicator_code = $2
                  and make_date(right(m.period, 4)::int, 8, 31) < p.since order by m.period desc limit 1) as baseline,
              (select m.value::float8 from measurement m where m.organization_id = p.organization_id and m.indicator_code = $2
                  and m.period = $5) as current
         from partner p left join projected_organization o on o.id = p.organization_id
        order by o.full_name`,
      [organizationId, indicator.code, from, to, period],
    );
    const sign = indicator.higherIsBetter ? 1 : -1;
    const rows = partners.map((p) => {
      const baseline = num(p.baseline);
      const current = num(p.current);
      return {
        organizationId: p.organization_id as string,
        name: (p.short_name as string | null) ?? (p.full_name as string | null),
        baselinePeriod: (p.baseline_period as string | null) ?? null,
        baseline: round(baseline),
        current: round(current),
        change: baseline !== null && current !== null ? round(current - baseline) : null,
        regionId: p.region_id as string | null,
      };
    });
    const measured = rows.filter((r) => r.change !== null);
    const partnersChange = measured.length
      ? measured.reduce((s, r) => s + r.change!, 0) / measured.length
      : null;
    // The region's change between the same pairs of years, over every school measured in both.
    let regionChange: number | null = null;
    if (measured.length) {
      const changes: number[] = [];
      for (const r of measured) {
        const [row] = (await this.dataSource.query(
          `select avg(b.value::float8) as before, avg(a.value::float8) as after
             from measurement b join measurement a on a.organization_id = b.organization_id and a.indicator_code = b.indicator_code
             join projected_organization o on o.id = b.organization_id
            where b.indicator_code = $1 and b.period = $2 and a.period = $3 and o.region_id = $4`,
          [indicator.code, r.baselinePeriod, period, r.regionId],
        )) as { before: number | null; after: number | null }[];
        if (row.before !== null && row.after !== null) changes.push(Number(row.after) - Number(row.before));
      }
      regionChange = changes.length ? changes.reduce((s, c) => s + c, 0) / changes.length : null;
    }
    const [activity] = (await this.dataSource.query(
      `select coalesce(sum(hours) filter (where kind = 'TUTORING_SESSION'), 0) as tutoring, count(*) as held
         from act_event where organizer_organization_id = $1 and state = 'HELD' and starts_on between $2 and $3`,
      [organizationId, from, to],
    )) as Record<string, unknown>[];
    return {
      organizationId,
      indicator,
      period,
      partners: rows.map(({ regionId: _regionId, ...rest }) => rest),
      partnersChange: round(partnersChange),
      regionChange: round(regionChange),
      effect:
        partnersChange !== null && regionChange !== null
          ? round(sign * (partnersChange - regionChange))
          : null,
      tutoringHoursDelivered: Number(activity.tutoring),
      eventsHeld: Number(activity.held),
    };
  }
}
