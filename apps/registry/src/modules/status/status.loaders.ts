import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { StatusKind } from '@opora/event-contracts';

import { StatusAssignmentEntity } from './status.entity';

/** An organization (or, for counts, a municipality) and a date. */
export interface HeldOnKey {
  id: string;
  /** null: today in the organization's region. */
  activeOn: string | null;
}

const keyOf = (id: string, activeOn: string | null) => `${id}|${activeOn ?? ''}`;

/**
 * A request-scoped loader of rows per (id, date): the keys are grouped by date and each date costs
 * one statement for all its ids. `fetch` returns the rows of one date with the id each belongs to.
 */
function heldOnLoader<Row>(
  fetch: (ids: string[], activeOn: string | null) => Promise<{ id: string; row: Row }[]>,
): DataLoader<HeldOnKey, Row[], string> {
  return new DataLoader<HeldOnKey, Row[], string>(
    async (keys) => {
      const idsByDate = new Map<string | null, string[]>();
      for (const { id, activeOn } of keys) idsByDate.set(activeOn, [...(idsByDate.get(activeOn) ?? []), id]);
      const found = new Map<string, Row[]>();
      for (const [activeOn, ids] of idsByDate)
        for (const { id, row } of await fetch(ids, activeOn)) {
          const key = keyOf(id, activeOn);
          found.set(key, [...(found.get(key) ?? []), row]);
        }
      return keys.map((key) => found.get(keyOf(key.id, key.activeOn)) ?? []);
    },
    { cacheKeyFn: (key) => keyOf(key.id, key.activeOn), maxBatchSize: 1000 },
  );
}

/**
 * Statuses held on a date by many organizations in one statement per distinct date (a page of
 * organizations asking for their current statuses costs one query, not one per organization).
 */
export function statusesHeldOnLoader(
  dataSource: DataSource,
): DataLoader<HeldOnKey, StatusAssignmentEntity[], string> {
  return heldOnLoader(async (organizationIds, activeOn) =>
    (
      await dataSource
        .getRepository(StatusAssignmentEntity)
        .createQueryBuilder('s')
        .innerJoin('region', 'r', 'r.id = s.region_id')
        .where('s.organization_id = any(:organizationIds)', { organizationIds })
        .andWhere(`s.state <> 'SUPERSEDED'`)
        .andWhere(`s.held @> coalesce(cast(:activeOn as date), (now() at time zone r.time_zone)::date)`, {
          activeOn,
        })
        .orderBy('s.kind')
        .getMany()
    ).map((row) => ({ id: row.organizationId, row })),
  );
}

export interface StatusCount {
  kind: StatusKind;
  organizations: number;
}

/** Per municipality and date: how many organizations hold each status kind (one statement per date). */
export function statusCountsLoader(dataSource: DataSource): DataLoader<HeldOnKey, StatusCount[], string> {
  return heldOnLoader(async (municipalityIds, activeOn) =>
    (
      (await dataSource.query(
        `select s.municipality_id as "municipalityId", s.kind, count(distinct s.organization_id)::int as organizations
           from status_assignment s join region r on r.id = s.region_id
          where s.municipality_id = any($1) and s.state <> 'SUPERSEDED'
            and s.held @> coalesce($2::date, (now() at time zone r.time_zone)::date)
          group by s.municipality_id, s.kind order by s.kind`,
        [municipalityIds, activeOn],
      )) as (StatusCount & { municipalityId: string })[]
    ).map(({ municipalityId, ...row }) => ({ id: municipalityId, row })),
  );
}
