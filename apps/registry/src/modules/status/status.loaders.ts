import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { entityRows, oncePerDataSource } from '@opora/database';
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
      // Grouped by appending, not by copying the group each time: a page of 100 organizations
      // with 300 status rows copied arrays quadratically (docs/decisions.md §80).
      const idsByDate = new Map<string | null, string[]>();
      for (const { id, activeOn } of keys) {
        const ids = idsByDate.get(activeOn);
        if (ids) ids.push(id);
        else idsByDate.set(activeOn, [id]);
      }
      const found = new Map<string, Row[]>();
      for (const [activeOn, ids] of idsByDate)
        for (const { id, row } of await fetch(ids, activeOn)) {
          const key = keyOf(id, activeOn);
          const rows = found.get(key);
          if (rows) rows.push(row);
          else found.set(key, [row]);
        }
      return keys.map((key) => found.get(keyOf(key.id, key.activeOn)) ?? []);
    },
    { cacheKeyFn: (key) => keyOf(key.id, key.activeOn), maxBatchSize: 1000 },
  );
}

/** The statement of `statusesHeldOnLoader`, written once per data source (docs/decisions.md §80). */
const heldOnReading = oncePerDataSource((dataSource) => {
  const rows = entityRows(dataSource, StatusAssignmentEntity);
  return {
    hydrate: rows.hydrate,
    text: `select ${rows.columns('s')} from status_assignment s join region r on r.id = s.region_id
            where s.organization_id = any($1) and s.state <> 'SUPERSEDED'
              and s.held @> coalesce($2::date, (now() at time zone r.time_zone)::date)
            order by s.kind`,
  };
});

/**
 * Statuses held on a date by many organizations in one statement per distinct date (a page of
 * organizations asking for their current statuses costs one query, not one per organization).
 * SQL text and a hydration as `find` does it, not the query builder: on a page of 100 schools
 * the builder cost more than the statement (§80).
 */
export function statusesHeldOnLoader(
  dataSource: DataSource,
): DataLoader<HeldOnKey, StatusAssignmentEntity[], string> {
  return heldOnLoader(async (organizationIds, activeOn) => {
    const { text, hydrate } = heldOnReading(dataSource);
    return ((await dataSource.query(text, [organizationIds, activeOn])) as Record<string, unknown>[]).map(
      (raw) => {
        const row = hydrate(raw);
        return { id: row.organizationId, row };
      },
    );
  });
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
