import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';

import { StatusAssignmentEntity } from './status.entity';

/** An organization (or, for counts, a municipality) and a date. */
export interface HeldOnKey {
  id: string;
  /** null: today in the organization's region. */
  activeOn: string | null;
}

/**
 * Statuses held on a date by many organizations in one statement per distinct date (a page of
 * organizations asking for their current statuses costs one query, not one per organization).
 */
export function statusesHeldOnLoader(
  dataSource: DataSource,
): DataLoader<HeldOnKey, StatusAssignmentEntity[], string> {
  return new DataLoader<HeldOnKey, StatusAssignmentEntity[], string>(
    async (keys) => {
      const byDate = new Map<string | null, string[]>();
      for (const key of keys) byDate.set(key.activeOn, [...(byDate.get(key.activeOn) ?? []), key.id]);
      const found = new Map<string, StatusAssignmentEntity[]>();
      for (const [activeOn, organizationIds] of byDate) {
        const rows = await dataSource
          .getRepository(StatusAssignmentEntity)
          .createQueryBuilder('s')
          .innerJoin('region', 'r', 'r.id = s.region_id')
          .where('s.organization_id = any(:organizationIds)', { organizationIds })
          .andWhere(`s.state <> 'SUPERSEDED'`)
          .andWhere(`s.held @> coalesce(cast(:activeOn as date), (now() at time zone r.time_zone)::date)`, {
            activeOn,
          })
          .orderBy('s.kind')
          .getMany();
        for (const row of rows) {
          const key = `${row.organizationId}|${activeOn ?? ''}`;
          found.set(key, [...(found.get(key) ?? []), row]);
        }
      }
      return keys.map((key) => found.get(`${key.id}|${key.activeOn ?? ''}`) ?? []);
    },
    { cacheKeyFn: (key) => `${key.id}|${key.activeOn ?? ''}`, maxBatchSize: 1000 },
  );
}

export interface StatusCount {
  kind: string;
  organizations: number;
}

/** Per municipality and date: how many organizations hold each status kind (one statement per date). */
export function statusCountsLoader(dataSource: DataSource): DataLoader<HeldOnKey, StatusCount[], string> {
  return new DataLoader<HeldOnKey, StatusCount[], string>(
    async (keys) => {
      const byDate = new Map<string | null, string[]>();
      for (const key of keys) byDate.set(key.activeOn, [...(byDate.get(key.activeOn) ?? []), key.id]);
      const found = new Map<string, StatusCount[]>();
      for (const [activeOn, municipalityIds] of byDate) {
        const rows = (await dataSource.query(
          `select s.municipality_id as "municipalityId", s.kind, count(distinct s.organization_id)::int as organizations
             from status_assignment s join region r on r.id = s.region_id
            where s.municipality_id = any($1) and s.state <> 'SUPERSEDED'
              and s.held @> coalesce($2::date, (now() at time zone r.time_zone)::date)
            group by s.municipality_id, s.kind order by s.kind`,
          [municipalityIds, activeOn],
        )) as (StatusCount & { municipalityId: string })[];
        for (const { municipalityId, ...count } of rows) {
          const key = `${municipalityId}|${activeOn ?? ''}`;
          found.set(key, [...(found.get(key) ?? []), count]);
        }
      }
      return keys.map((key) => found.get(`${key.id}|${key.activeOn ?? ''}`) ?? []);
    },
    { cacheKeyFn: (key) => `${key.id}|${key.activeOn ?? ''}`, maxBatchSize: 1000 },
  );
}
