import { schoolYearDates } from '../activity/activity.period';
import type { IndicatorEntity } from '../indicator/indicator.entity';

/**
 * SQL of one value per organization for an indicator and a school year: a measured indicator reads
 * the measurements; a process indicator is computed from the activity projection over the year's
 * dates (docs/monitoring-formulas.md, «Показатели процесса»). Columns: organization_id, value.
 * Parameters are appended to `params`; the SQL names them by position.
 */
export function indicatorValuesSql(indicator: IndicatorEntity, period: string, params: unknown[]): string {
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (!indicator.computed)
    return `select organization_id, value::float8 as value from measurement
             where indicator_code = ${p(indicator.code)} and period = ${p(period)}`;
  const { from, to } = schoolYearDates(period);
  const f = p(from);
  const t = p(to);
  switch (indicator.code) {
    case 'PROCESS_PLAN_FULFILMENT':
      return `select organization_id,
                     round(100.0 * count(*) filter (where state = 'DONE') / nullif(count(*) filter (where state <> 'CANCELLED'), 0), 2)::float8 as value
                from act_plan_item where planned_on between ${f} and ${t}
               group by organization_id having count(*) filter (where state <> 'CANCELLED') > 0`;
    case 'PROCESS_EVENTS_HELD':
      return `select organizer_organization_id as organization_id, count(*)::float8 as value from act_event
               where state = 'HELD' and starts_on between ${f} and ${t} group by organizer_organization_id`;
    case 'PROCESS_PARTICIPANTS_REACHED':
      return `select organizer_organization_id as organization_id, sum(attended)::float8 as value from act_event
               where state = 'HELD' and starts_on between ${f} and ${t} group by organizer_organization_id`;
    case 'PROCESS_TUTORING_HOURS':
      return `select t.organization_id, sum(t.hours)::float8 as value from act_attendance t
                join act_event e on e.id = t.event_id and e.state = 'HELD'
               where t.kind = 'TUTORING_SESSION' and t.held_on between ${f} and ${t} group by t.organization_id`;
    case 'PROCESS_MATERIALS_PUBLISHED':
      return `select organization_id, count(*)::float8 as value from act_material
               where published_on between ${f} and ${t} group by organization_id`;
    default:
      throw new Error(`Вычисление показателя ${indicator.code} не описано`);
  }
}
