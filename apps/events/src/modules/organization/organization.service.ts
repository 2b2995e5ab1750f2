import type { DataSource } from 'typeorm';
import type { Principal } from '@opora/auth';
import type { Connection, PageArgs } from '@opora/subgraph-server';

import { calendarPage, calendarQuery } from '../event/event.calendar';
import type { EventEntity } from '../event/event.entity';

const FAR_PAST = '1970-01-01T00:00:00Z';
const FAR_FUTURE = '9999-12-31T00:00:00Z';

export interface AttendedEventRow {
  organizationId: string;
  eventId: string;
  attended: number;
  hours: number;
}

export class OrganizationEventsService {
  constructor(private readonly dataSource: DataSource) {}

  /** The events an organization organized, as a calendar page (the organizer index serves it). */
  organized(
    principal: Principal,
    organization: { id: string; regionId: string },
    period: { from?: Date | string | null; to?: Date | string | null },
    page: PageArgs,
  ): Promise<Connection<EventEntity>> {
    return calendarPage(
      calendarQuery(this.dataSource, principal, {
        regionId: organization.regionId,
        organizerOrganizationId: organization.id,
        from: period.from ?? FAR_PAST,
        to: period.to ?? FAR_FUTURE,
        includeCancelled: true,
      }),
      page,
    );
  }

  /** For many organizations at once (a DataLoader's batch): events their staff attended, with hours. */
  async attendedBy(organizationIds: readonly string[], from: string, to: string): Promise<AttendedEventRow[]> {
    const rows: { organization_id: string; event_id: string; attended: string; hours: string }[] = await this.dataSource.query(
      `select r.organization_id, r.event_id, count(*) as attended, coalesce(sum(r.hours), 0) as hours
         from registration r join event e on e.id = r.event_id
        where r.organization_id = any($1::uuid[]) and r.attended and e.state = 'HELD'
          and e.starts_at >= $2 and e.starts_at < $3
        group by r.organization_id, r.event_id, e.starts_at
        order by r.organization_id, e.starts_at`,
      [organizationIds, from, to],
    );
    return rows.map((r) => ({
      organizationId: r.organization_id,
      eventId: r.event_id,
      attended: Number(r.attended),
      hours: Number(r.hours),
    }));
  }
}

export const periodBounds = (from?: Date | string | null, to?: Date | string | null) => ({
  from: from ? new Date(from).toISOString() : FAR_PAST,
  to: to ? new Date(to).toISOString() : FAR_FUTURE,
});
