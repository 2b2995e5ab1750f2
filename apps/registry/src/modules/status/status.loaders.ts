import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';

import { StatusAssignmentEntity } from './status.entity';

export interface HeldOnKey {
  organizationId: string;
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
      for (const key of keys)
        byDate.set(key.activeOn, [...(byDate.get(key.activeOn) ?? []), key.organizationId]);
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
      return keys.map((key) => found.get(`${key.organizationId}|${key.activeOn ?? ''}`) ?? []);
    },
    { cacheKeyFn: (key) => `${key.organizationId}|${key.activeOn ?? ''}`, maxBatchSize: 1000 },
  );
}
