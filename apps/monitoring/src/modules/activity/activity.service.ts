import type { DataSource } from 'typeorm';
import type { ActivityKind, EventFormat, StatusKind } from '@opora/event-contracts';
import type { SourceFreshnessModel } from './freshness';

/** Whose activity: one organization, a municipality's organizations, or a region's. */
export type Scope =
  | { level: 'ORGANIZATION'; id: string }
  | { level: 'MUNICIPALITY'; id: string }
  | { level: 'REGION'; id: string };

export interface ActivitySummaryModel {
  scope: Scope;
  from: string;
  to: string;
  schoolsByStatus: { kind: StatusKind; count: number }[];
  activeAgreements: number;
  planFulfilment: { planned: number; done: number; cancelled: number; percent: number | null };
  eventsByKind: { kind: ActivityKind; format: EventFormat; held: number; participants: number }[];
  eventsHeld: number;
  participantsReached: number;
  tutoringHours: number;
  materialsPublished: number;
  /** Set when the answer read its freshness before its figures (withFreshness). */
  freshness?: SourceFreshnessModel[];
}

/**
 * SQL that keeps the rows of the scope: by an organization column, or by a municipality column
 * (a region's municipalities from the registry projection). Parameters start at `$3` (`$1`, `$2`
 * are the period's bounds).
 */
function scopeSql(scope: Scope, organizationColumn: string, municipalityColumn: string): string {
  switch (scope.level) {
    case 'ORGANIZATION':
      return `${organizationColumn} = $3`;
    case 'MUNICIPALITY':
      return `${municipalityColumn} = $3`;
    case 'REGION':
      return `${municipalityColumn} in (select id from projected_municipality where region_id = $3)`;
  }
}

const n = (v: unknown) => Number(v ?? 0);

/**
 * The network's activity for a scope and a period, from the activity and registry projections only
 * (000 §3.1, §3.5.1–3.5.2). Period bounds are calendar dates, both included.
 */
export class ActivityService {
  constructor(private readonly dataSource: DataSource) {}

  async summary(scope: Scope, from: string, to: string): Promise<ActivitySummaryModel> {
    const q = <T>(sql: string) => this.dataSource.query(sql, [from, to, scope.id]) as Promise<T[]>;
    const [statuses, agreements, plan, events, tutoring, materials] = await Promise.all([
      // Schools holding each status on the period's last day.
      q<{ kind: StatusKind; count: string }>(
        `select s.kind, count(distinct s.organization_id) as count from projected_status s
          where ${scopeSql(scope, 's.organization_id', 's.municipality_id')} and $1::date <= $2::date
            and s.state <> 'SUPERSEDED' and s.valid_from <= $2 and (s.valid_to is null or s.valid_to >= $2)
            and (s.ended_on is null or s.ended_on > $2)
          group by s.kind order by s.kind`,
      ),
      // Agreements running on some day of the period (the organization as leader or partner).
      q<{ count: string }>(
        `select count(*) as count from act_agreement a
          where ${
            scope.level === 'ORGANIZATION'
              ? `(a.leader_organization_id = $3 or $3 = any(a.partner_organization_ids))`
              : scopeSql(scope, 'a.leader_organization_id', 'a.municipality_id')
          }
            and a.valid_from <= $2 and (a.valid_to is null or a.valid_to >= $1) and (a.ended_on is null or a.ended_on > $1)`,
      ),
      // Plan items due in the period: done, cancelled, still planned.
      q<{ state: string; count: string }>(
        `select p.state, count(*) as count from act_plan_item p
          where ${scopeSql(scope, 'p.organization_id', 'p.municipality_id')} and p.planned_on between $1 and $2
          group by p.state`,
      ),
      // Events the scope held in the period, by kind and format, with those who attended.
      q<{ kind: ActivityKind; format: EventFormat; held: string; participants: string }>(
        `select e.kind, e.format, count(*) as held, sum(e.attended) as participants from act_event e
          where ${scopeSql(scope, 'e.organizer_organization_id', 'e.municipality_id')} and e.state = 'HELD'
            and e.starts_on between $1 and $2
          group by e.kind, e.format order by e.kind, e.format`,
      ),
      // Tutoring hours the scope's teachers received.
      q<{ hours: string }>(
        `select coalesce(sum(t.hours), 0) as hours from act_attendance t
           join act_event e on e.id = t.event_id and e.state = 'HELD'
          where t.kind = 'TUTORING_SESSION' and t.held_on between $1 and $2 and ${
            scope.level === 'ORGANIZATION'
              ? 't.organization_id = $3'
              : `t.organization_id in (select id from projected_organization o where ${scopeSql(scope, 'o.id', 'o.municipality_id')})`
          }`,
      ),
      q<{ count: string }>(
        `select count(*) as count from act_material m
          where ${scopeSql(scope, 'm.organization_id', 'm.municipality_id')} and m.published_on between $1 and $2`,
      ),
    ]);
    const byState = (state: string) => n(plan.find((p) => p.state === state)?.count);
    const planned = byState('PLANNED') + byState('DONE');
    const eventsByKind = events.map((e) => ({
      kind: e.kind,
      format: e.format,
      held: n(e.held),
      participants: n(e.participants),
    }));
    return {
      scope,
      from,
      to,
      schoolsByStatus: statuses.map((s) => ({ kind: s.kind, count: n(s.count) })),
      activeAgreements: n(agreements[0]?.count),
      planFulfilment: {
        planned,
        done: byState('DONE'),
        cancelled: byState('CANCELLED'),
        percent: planned ? Math.round((byState('DONE') / planned) * 10_000) / 100 : null,
      },
      eventsByKind,
      eventsHeld: eventsByKind.reduce((sum, e) => sum + e.held, 0),
      participantsReached: eventsByKind.reduce((sum, e) => sum + e.participants, 0),
      tutoringHours: n(tutoring[0]?.hours),
      materialsPublished: n(materials[0]?.count),
    };
  }
}
