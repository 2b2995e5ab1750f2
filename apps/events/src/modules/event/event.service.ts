import { randomUUID } from 'node:crypto';

import type { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@opora/auth';
import { inTransaction } from '@opora/database';
import type { EventData } from '@opora/event-contracts';
import { ProjectedOrganization } from '@opora/registry-projection';
import { announce, recordAudit } from '@opora/service-kit';
import type { Actor } from '@opora/service-kit';
import type { Connection, PageArgs } from '@opora/subgraph-server';

import { regionCodeOf } from '../organization/organization.access';
import { PlanItemRefEntity } from '../plan-link/plan-item-ref.entity';
import { calendarPage, calendarQuery } from './event.calendar';
import { EventEntity } from './event.entity';
import { EventError } from './event.errors';
import type { CalendarFilter, CancelEventInput, PlanEventInput, RescheduleEventInput } from './event.inputs';

/** The header every events.event.* event carries. */
export function eventHeader(e: EventEntity): EventData<'events.event.held'> {
  return {
    eventId: e.id,
    kind: e.kind,
    format: e.format,
    organizerOrganizationId: e.organizerOrganizationId,
    municipalityId: e.municipalityId,
    planItemId: e.planItemId,
    agreementId: e.agreementId,
    subject: e.subject,
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt.toISOString(),
  };
}

/** 000 §3.2: a training site works remotely, so a remote or mixed event must carry its link. */
function checkWhereAndWhen(input: {
  startsAt: string;
  endsAt: string;
  format: string;
  link: string | null;
  place: string | null;
}): void {
  if (new Date(input.endsAt).getTime() <= new Date(input.startsAt).getTime())
    throw new EventError('EVENT_PERIOD_INVALID', 'Окончание мероприятия должно быть позже начала', 'input.endsAt');
  if (input.format !== 'IN_PERSON' && !input.link)
    throw new EventError(
      'EVENT_LINK_REQUIRED',
      'Дистанционное или смешанное мероприятие проводится по ссылке: укажите её (000 §3.2)',
      'input.link',
    );
  if (input.format !== 'REMOTE' && !input.place)
    throw new EventError('EVENT_PLACE_REQUIRED', 'Очное или смешанное мероприятие проводится в месте: укажите его', 'input.place');
}

export class EventService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A page of the calendar (§59, §64). */
  calendar(principal: Principal, filter: CalendarFilter, page: PageArgs): Promise<Connection<EventEntity>> {
    return calendarPage(calendarQuery(this.dataSource, principal, filter), page);
  }

  /** Plans an event of an organization; announces events.event.planned. */
  plan(input: PlanEventInput, actor: Actor): Promise<EventEntity> {
    checkWhereAndWhen(input);
    return inTransaction(this.dataSource, async (manager) => {
      const organizer = await manager
        .getRepository(ProjectedOrganization)
        .findOneBy({ id: input.organizerOrganizationId });
      if (!organizer)
        throw new EventError('ORGANIZER_NOT_FOUND', 'Организация-организатор не найдена в реестре', 'input.organizerOrganizationId');
      const item = input.planItemId ? await this.planItemFor(manager, input.planItemId, organizer) : null;
      const repository = manager.getRepository(EventEntity);
      const event = await repository.save(
        repository.create({
          id: randomUUID(),
          kind: input.kind,
          format: input.format,
          title: input.title,
          subject: input.subject,
          audience: input.audience,
          organizerOrganizationId: organizer.id,
          regionId: organizer.regionId,
          municipalityId: organizer.municipalityId,
          planItemId: item?.id ?? null,
          agreementId: item?.agreementId ?? null,
          startsAt: new Date(input.startsAt),
          endsAt: new Date(input.endsAt),
          place: input.place,
          link: input.link,
          capacity: input.capacity,
          registeredCount: 0,
          state: 'PLANNED',
          cancelReason: null,
          sequence: 0,
          createdBy: actor.subject,
        }),
      );
      await announce(manager, actor, {
        regionCode: await regionCodeOf(manager, event.regionId),
        type: 'events.event.planned',
        subject: event.id,
        data: { ...eventHeader(event), capacity: event.capacity },
      });
      await recordAudit(manager, {
        organizationId: organizer.id,
        entityType: 'EVENT',
        entityId: event.id,
        action: 'PLANNED',
        actor,
        changes: { ...input },
      });
      return event;
    });
  }

  /**
   * An event may fulfil an agreed plan item of its organizer, or — when an education authority
   * organizes it — an item of a school of its territory (docs/decisions.md §60).
   */
  private async planItemFor(
    manager: EntityManager,
    planItemId: string,
    organizer: ProjectedOrganization,
  ): Promise<PlanItemRefEntity> {
    const item = await manager.getRepository(PlanItemRefEntity).findOneBy({ id: planItemId });
    if (!item || item.state !== 'AGREED')
      throw new EventError(
        'PLAN_ITEM_NOT_FOUND',
        'Пункт плана не найден среди пунктов согласованных планов',
        'input.planItemId',
      );
    const own = item.organizationId === organizer.id;
    const authorityOfTerritory =
      organizer.kind === 'EDUCATION_AUTHORITY' && item.municipalityId === organizer.municipalityId;
    if (!own && !authorityOfTerritory)
      throw new EventError(
        'PLAN_ITEM_NOT_ORGANIZERS',
        'Мероприятие может выполнять только пункт плана своей организации (или школы своей территории — для органа управления образованием)',
        'input.planItemId',
      );
    return item;
  }

  /** Moves an event in time or place; subscribers' calendars replace it (SEQUENCE raised). */
  reschedule(input: RescheduleEventInput, actor: Actor): Promise<EventEntity> {
    return this.change(input.eventId, actor, async (manager, event) => {
      if (event.state !== 'PLANNED')
        throw new EventError('EVENT_NOT_PLANNED', 'Перенести можно только запланированное мероприятие', 'input.eventId');
      checkWhereAndWhen({ ...input, format: event.format });
      Object.assign(event, {
        startsAt: new Date(input.startsAt),
        endsAt: new Date(input.endsAt),
        place: input.place,
        link: input.link,
      });
      await announce(manager, actor, {
        regionCode: await regionCodeOf(manager, event.regionId),
        type: 'events.event.planned',
        subject: event.id,
        data: { ...eventHeader(event), capacity: event.capacity },
      });
      return { action: 'RESCHEDULED', changes: { ...input } };
    });
  }

  /** The event took place: it may be held only once it has started; announces events.event.held. */
  markHeld(eventId: string, actor: Actor): Promise<EventEntity> {
    return this.change(eventId, actor, async (manager, event) => {
      if (event.state !== 'PLANNED')
        throw new EventError('EVENT_NOT_PLANNED', 'Проведённым отмечается только запланированное мероприятие', 'input.eventId');
      if (event.startsAt.getTime() > this.now().getTime())
        throw new EventError('EVENT_NOT_STARTED', 'Мероприятие ещё не началось: отметить его проведённым нельзя', 'input.eventId');
      event.state = 'HELD';
      await announce(manager, actor, {
        regionCode: await regionCodeOf(manager, event.regionId),
        type: 'events.event.held',
        subject: event.id,
        data: eventHeader(event),
      });
      return { action: 'HELD', changes: {} };
    });
  }

  /**
   * Cancels a planned or held event (a held one, when it was recorded by mistake); announces
   * events.event.cancelled, so a plan item it had fulfilled is planned again (§61).
   */
  cancel(input: CancelEventInput, actor: Actor): Promise<EventEntity> {
    return this.change(input.eventId, actor, async (manager, event) => {
      if (event.state === 'CANCELLED')
        throw new EventError('EVENT_ALREADY_CANCELLED', 'Мероприятие уже отменено', 'input.eventId');
      event.state = 'CANCELLED';
      event.cancelReason = input.reason;
      await announce(manager, actor, {
        regionCode: await regionCodeOf(manager, event.regionId),
        type: 'events.event.cancelled',
        subject: event.id,
        data: { ...eventHeader(event), reason: input.reason },
      });
      return { action: 'CANCELLED', changes: { reason: input.reason } };
    });
  }

  /** One change of an event under its row lock, with its audit line; SEQUENCE raised. */
  private change(
    eventId: string,
    actor: Actor,
    work: (manager: EntityManager, event: EventEntity) => Promise<{ action: string; changes: Record<string, unknown> }>,
  ): Promise<EventEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const event = await manager
        .getRepository(EventEntity)
        .findOne({ where: { id: eventId }, lock: { mode: 'pessimistic_write' } });
      if (!event) throw new EventError('EVENT_NOT_FOUND', 'Мероприятие не найдено', 'input.eventId');
      const { action, changes } = await work(manager, event);
      event.sequence += 1;
      event.updatedAt = this.now();
      await manager.getRepository(EventEntity).save(event);
      await recordAudit(manager, {
        organizationId: event.organizerOrganizationId,
        entityType: 'EVENT',
        entityId: event.id,
        action,
        actor,
        changes,
      });
      return event;
    });
  }
}
