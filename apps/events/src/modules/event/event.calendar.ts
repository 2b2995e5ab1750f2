import type { DataSource, SelectQueryBuilder } from 'typeorm';
import type { Principal } from '@opora/auth';
import { ProjectedRegion } from '@opora/registry-projection';
import { scopeCondition } from '@opora/service-kit';
import { paginate } from '@opora/subgraph-server';
import type { Connection, PageArgs } from '@opora/subgraph-server';

import { EventEntity } from './event.entity';
import type { CalendarFilter } from './event.inputs';

/**
 * The calendar's query: events of a region (or municipality, or organizer) starting in a period,
 * by kind, format and subject, never outside the caller's region. Served by the indexes
 * (region_id | municipality_id | organizer_organization_id, starts_at) (§64).
 */
export function calendarQuery(
  dataSource: DataSource,
  principal: Principal | null,
  filter: Omit<CalendarFilter, 'from' | 'to'> & { from: string | Date; to: string | Date },
): SelectQueryBuilder<EventEntity> {
  const query = dataSource
    .getRepository(EventEntity)
    .createQueryBuilder('e')
    .where('e.starts_at >= :from and e.starts_at < :to', { from: filter.from, to: filter.to });
  if (filter.organizerOrganizationId)
    query.andWhere('e.organizer_organization_id = :organizer', { organizer: filter.organizerOrganizationId });
  else if (filter.municipalityId) query.andWhere('e.municipality_id = :municipality', { municipality: filter.municipalityId });
  else query.andWhere('e.region_id = :region', { region: filter.regionId });
  if (filter.organizerOrganizationId || filter.municipalityId)
    query.andWhere('e.region_id = :region', { region: filter.regionId });
  if (filter.kinds?.length) query.andWhere('e.kind in (:...kinds)', { kinds: filter.kinds });
  if (filter.formats?.length) query.andWhere('e.format in (:...formats)', { formats: filter.formats });
  if (filter.subject) query.andWhere(`e.subject ilike :subject`, { subject: `%${filter.subject.replace(/[\\%_]/g, '\\$&')}%` });
  if (!filter.includeCancelled) query.andWhere(`e.state <> 'CANCELLED'`);
  if (principal) {
    // The calendar is read region-wide (§59): only the region binds.
    // By the code of the event's own region (a primary-key join), not by looking the code's id up:
    // a projection fed from a shared topic may hold two regions of one code (specs, staging).
    const scope = scopeCondition(principal, { region: { codeColumn: 'scope_region.code' } });
    if (scope)
      query.innerJoin(ProjectedRegion, 'scope_region', 'scope_region.id = e.region_id').andWhere(scope.sql, scope.params);
  }
  return query;
}

export function calendarPage(query: SelectQueryBuilder<EventEntity>, page: PageArgs): Promise<Connection<EventEntity>> {
  return paginate(query, page, { column: 'e.starts_at', value: (e) => e.startsAt.toISOString() });
}
