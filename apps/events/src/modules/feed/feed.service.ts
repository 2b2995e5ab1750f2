import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import type { Principal } from '@opora/auth';
import { ProjectedOrganization, ProjectedRegion } from '@opora/registry-projection';
import { DomainError } from '@opora/subgraph-server';

import { calendarQuery } from '../event/event.calendar';
import type { EventEntity } from '../event/event.entity';
import { zoneOf } from '../organization/organization.access';
import { ParticipationService } from '../participation/participation.service';
import { CalendarFeedEntity } from './calendar-feed.entity';
import type { FeedScope } from './calendar-feed.entity';
import { renderCalendar } from './ical';

export class FeedError extends DomainError<'FEED_NOT_FOUND' | 'FEED_SCOPE_INCOMPLETE' | 'FEED_ALREADY_REVOKED'> {}

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** What a feed shows by default: a month back and a year ahead (a calendar application polls it). */
const DEFAULT_BACK_DAYS = 31;
const DEFAULT_AHEAD_DAYS = 366;
const MAX_FEED_EVENTS = 5000;

export type FeedAnswer = { status: 200; body: string; events: number } | { status: 404 | 410; body: string };

export class FeedService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A new private address: the secret is shown once; only its hash is kept (§63). */
  async create(
    input: { scope: FeedScope; regionId: string; municipalityId: string | null; organizationId: string | null },
    principal: Principal,
  ): Promise<{ feed: CalendarFeedEntity; secret: string }> {
    if (input.scope === 'MUNICIPALITY' && !input.municipalityId)
      throw new FeedError('FEED_SCOPE_INCOMPLETE', 'Для календаря муниципалитета укажите муниципалитет', 'input.municipalityId');
    if (input.scope === 'ORGANIZATION' && !input.organizationId)
      throw new FeedError('FEED_SCOPE_INCOMPLETE', 'Для календаря организации укажите организацию', 'input.organizationId');
    const secret = randomBytes(32).toString('base64url');
    const feed = await this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(CalendarFeedEntity);
      const saved = await repository.save(
        repository.create({
          id: randomUUID(),
          secretHash: hashSecret(secret),
          ownerSubject: principal.subject,
          owner: principal,
          scope: input.scope,
          regionId: input.regionId,
          municipalityId: input.scope === 'MUNICIPALITY' ? input.municipalityId : null,
          organizationId: input.scope === 'ORGANIZATION' ? input.organizationId : null,
          revokedAt: null,
        }),
      );
      return saved;
    });
    return { feed, secret };
  }

  async revoke(feedId: string, principal: Principal): Promise<CalendarFeedEntity> {
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(CalendarFeedEntity);
      const feed = await repository.findOneBy({ id: feedId, ownerSubject: principal.subject });
      if (!feed) throw new FeedError('FEED_NOT_FOUND', 'Адрес календаря не найден среди ваших', 'input.feedId');
      if (feed.revokedAt) throw new FeedError('FEED_ALREADY_REVOKED', 'Адрес календаря уже отозван', 'input.feedId');
      feed.revokedAt = this.now();
      await repository.save(feed);
      return feed;
    });
  }

  mine(subject: string): Promise<CalendarFeedEntity[]> {
    return this.dataSource.getRepository(CalendarFeedEntity).find({ where: { ownerSubject: subject }, order: { createdAt: 'ASC' } });
  }

  /** The feed behind a secret: 404 for an unknown address, 410 for a revoked one. */
  async answer(secret: string, window: { from?: Date; to?: Date } = {}): Promise<FeedAnswer> {
    const feed = await this.dataSource.getRepository(CalendarFeedEntity).findOneBy({ secretHash: hashSecret(secret) });
    if (!feed) return { status: 404, body: 'Календарь не найден' };
    if (feed.revokedAt) return { status: 410, body: 'Адрес календаря отозван' };
    const from = window.from ?? new Date(this.now().getTime() - DEFAULT_BACK_DAYS * 86_400_000);
    const to = window.to ?? new Date(this.now().getTime() + DEFAULT_AHEAD_DAYS * 86_400_000);
    const events =
      feed.scope === 'MY_REGISTRATIONS'
        ? await new ParticipationService(this.dataSource).eventsOf(feed.ownerSubject, from.toISOString(), to.toISOString())
        : await calendarQuery(this.dataSource, feed.owner, {
            regionId: feed.regionId,
            municipalityId: feed.municipalityId,
            organizerOrganizationId: feed.organizationId,
            from,
            to,
            includeCancelled: true,
          })
            .orderBy('e.starts_at', 'ASC')
            .addOrderBy('e.id', 'ASC')
            .limit(MAX_FEED_EVENTS)
            .getMany();
    const region = await this.dataSource.getRepository(ProjectedRegion).findOneBy({ id: feed.regionId });
    const body = renderCalendar(await this.title(feed, region), zoneOf(region), await this.decorate(events));
    return { status: 200, body, events: events.length };
  }

  private async title(feed: CalendarFeedEntity, region: ProjectedRegion | null): Promise<string> {
    if (feed.scope === 'MY_REGISTRATIONS') return 'Мои мероприятия (Опора)';
    if (feed.scope === 'ORGANIZATION' && feed.organizationId) {
      const o = await this.dataSource.getRepository(ProjectedOrganization).findOneBy({ id: feed.organizationId });
      return `Мероприятия: ${o?.shortName ?? o?.fullName ?? 'организация'}`;
    }
    if (feed.scope === 'MUNICIPALITY' && feed.municipalityId) {
      const rows: { name: string }[] = await this.dataSource.query(`select name from projected_municipality where id = $1`, [
        feed.municipalityId,
      ]);
      return `Мероприятия: ${rows[0]?.name ?? 'муниципалитет'}`;
    }
    return `Мероприятия: ${region?.name ?? 'регион'}`;
  }

  /** Zones and organizer names for the events, in two statements whatever their number. */
  private async decorate(events: EventEntity[]) {
    const regions = await this.dataSource
      .getRepository(ProjectedRegion)
      .findBy({ id: In([...new Set(events.map((e) => e.regionId))]) });
    const organizations = await this.dataSource
      .getRepository(ProjectedOrganization)
      .findBy({ id: In([...new Set(events.map((e) => e.organizerOrganizationId))]) });
    const zone = new Map(regions.map((r) => [r.id, zoneOf(r)]));
    const name = new Map(organizations.map((o) => [o.id, o.shortName ?? o.fullName]));
    return events.map((event) => ({
      event,
      timeZone: zone.get(event.regionId) ?? 'Europe/Moscow',
      organizerName: name.get(event.organizerOrganizationId) ?? null,
    }));
  }
}
