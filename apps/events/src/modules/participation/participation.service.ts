import { randomUUID } from 'node:crypto';

import type { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '@opora/database';
import { ProjectedOrganization, ProjectedRegion } from '@opora/registry-projection';
import { announce, mapConstraintViolations, searchKey } from '@opora/service-kit';
import type { Actor } from '@opora/service-kit';

import { localIso } from '../event/event-time';
import { EventEntity } from '../event/event.entity';
import { regionCodeOf, zoneOf } from '../organization/organization.access';
import { FeedbackEntity } from './feedback.entity';
import { ParticipationError } from './participation.errors';
import type { GiveFeedbackInput, RecordAttendanceInput, RegisterInput } from './participation.inputs';
import { RegistrationEntity } from './registration.entity';

const duplicate = (field: string) => () =>
  new ParticipationError('DUPLICATE_PARTICIPANT', 'Этот участник уже есть в списке мероприятия', field);

export interface AttendanceRecording {
  event: EventEntity;
  participants: number;
  attended: number;
  hours: number;
}

export class ParticipationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Registers a participant. The seat is taken by one conditional UPDATE of the event's counter,
   * so concurrent registrations never exceed the capacity (the row lock orders them; a check
   * constraint stands behind it).
   */
  register(input: RegisterInput, actor: Actor): Promise<RegistrationEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const organization = await manager.getRepository(ProjectedOrganization).findOneBy({ id: input.organizationId });
      if (!organization)
        throw new ParticipationError(
          'PARTICIPANT_ORGANIZATION_NOT_FOUND',
          'Организация участника не найдена в реестре',
          'input.organizationId',
        );
      const taken: unknown[] = await manager.query(
        `update event set registered_count = registered_count + 1
          where id = $1 and state = 'PLANNED' and (capacity is null or registered_count < capacity)
          returning id`,
        [input.eventId],
      );
      if ((taken[0] as unknown[]).length === 0) {
        const event = await manager.getRepository(EventEntity).findOneBy({ id: input.eventId });
        if (!event) throw new ParticipationError('EVENT_NOT_FOUND', 'Мероприятие не найдено', 'input.eventId');
        if (event.state !== 'PLANNED')
          throw new ParticipationError('EVENT_NOT_OPEN', 'Регистрация открыта только на запланированное мероприятие', 'input.eventId');
        throw new ParticipationError(
          'EVENT_FULL',
          `Мест нет: зарегистрировано ${event.registeredCount} из ${event.capacity ?? 0}`,
          'input.eventId',
        );
      }
      const repository = manager.getRepository(RegistrationEntity);
      return mapConstraintViolations(
        () =>
          repository.save(
            repository.create({
              id: randomUUID(),
              eventId: input.eventId,
              personName: input.personName,
              personKey: searchKey(input.personName),
              organizationId: input.organizationId,
              position: input.position,
              participantSubject: input.forMyself ? actor.subject : null,
              source: 'REGISTERED',
              attended: null,
              hours: null,
              createdBy: actor.subject,
            }),
          ),
        { registration_person: duplicate('input.personName'), registration_subject: duplicate('input.forMyself') },
      );
    });
  }

  /**
   * Records the attendance of a whole held event at once (up to 500 participants): every row or
   * none, in a few statements whatever the number; one events.attendance.recorded with the counts
   * and hours of the event as it now stands (no names leave the service).
   */
  recordAttendance(input: RecordAttendanceInput, actor: Actor): Promise<AttendanceRecording> {
    return inTransaction(this.dataSource, async (manager) => {
      const event = await manager
        .getRepository(EventEntity)
        .findOne({ where: { id: input.eventId }, lock: { mode: 'pessimistic_write' } });
      if (!event) throw new ParticipationError('EVENT_NOT_FOUND', 'Мероприятие не найдено', 'input.eventId');
      if (event.state === 'CANCELLED')
        throw new ParticipationError('EVENT_CANCELLED', 'Мероприятие отменено: посещаемость не отмечается', 'input.eventId');
      if (event.state !== 'HELD')
        throw new ParticipationError(
          'EVENT_NOT_HELD',
          event.startsAt.getTime() > this.now().getTime()
            ? 'Мероприятие ещё не состоялось: посещаемость отмечается после проведения'
            : 'Сначала отметьте мероприятие проведённым',
          'input.eventId',
        );
      const maxHours = (event.endsAt.getTime() - event.startsAt.getTime()) / 3_600_000;
      const existing = await manager.getRepository(RegistrationEntity).findBy({ eventId: event.id });
      const byId = new Map(existing.map((r) => [r.id, r]));
      const byPerson = new Map(existing.map((r) => [`${r.organizationId}|${r.personKey}`, r]));
      const seen = new Set<string>();
      const updates: { id: string; attended: boolean; hours: number | null }[] = [];
      const inserts: RegistrationEntity[] = [];
      const organizations = new Set<string>();
      input.participants.forEach((entry, i) => {
        const field = `input.participants.${i}`;
        if (entry.hours !== null && entry.hours > maxHours + 1e-9)
          throw new ParticipationError(
            'HOURS_EXCEED_EVENT',
            `Часов больше, чем длится мероприятие (${Math.round(maxHours * 100) / 100})`,
            `${field}.hours`,
          );
        const hours = entry.attended ? (entry.hours ?? maxHours) : 0;
        let registration: RegistrationEntity | undefined;
        if (entry.registrationId) {
          registration = byId.get(entry.registrationId);
          if (!registration)
            throw new ParticipationError(
              'REGISTRATION_NOT_FOUND',
              'Такой регистрации на это мероприятие нет',
              `${field}.registrationId`,
            );
        } else {
          registration = byPerson.get(`${entry.organizationId}|${searchKey(entry.personName)}`);
        }
        const key = registration ? registration.id : `${entry.organizationId}|${searchKey(entry.personName)}`;
        if (seen.has(key))
          throw new ParticipationError('DUPLICATE_PARTICIPANT', 'Участник указан в списке дважды', field);
        seen.add(key);
        if (registration) updates.push({ id: registration.id, attended: entry.attended, hours });
        else {
          organizations.add(entry.organizationId!);
          inserts.push({
            id: randomUUID(),
            eventId: event.id,
            personName: entry.personName!,
            personKey: searchKey(entry.personName),
            organizationId: entry.organizationId!,
            position: entry.position,
            participantSubject: null,
            source: 'ORGANIZER_LIST',
            attended: entry.attended,
            hours,
            registeredAt: this.now(),
            createdBy: actor.subject,
          });
        }
      });
      if (organizations.size > 0) {
        const known = await manager.getRepository(ProjectedOrganization).count({ where: [...organizations].map((id) => ({ id })) });
        if (known < organizations.size) {
          const index = input.participants.findIndex((e) => e.organizationId && !e.registrationId);
          throw new ParticipationError(
            'PARTICIPANT_ORGANIZATION_NOT_FOUND',
            'Организация участника не найдена в реестре',
            `input.participants.${index}.organizationId`,
          );
        }
      }
      if (updates.length)
        await manager.query(
          `update registration r set attended = v.attended, hours = v.hours
             from unnest($1::uuid[], $2::boolean[], $3::numeric[]) as v(id, attended, hours)
            where r.id = v.id`,
          [updates.map((u) => u.id), updates.map((u) => u.attended), updates.map((u) => u.hours)],
        );
      if (inserts.length)
        await mapConstraintViolations(
          () =>
            manager.query(
              `insert into registration (id, event_id, person_name, person_key, organization_id, position,
                                         source, attended, hours, created_by)
               select id, $2, person_name, person_key, organization_id, position, 'ORGANIZER_LIST', attended, hours, $3
                 from unnest($1::uuid[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::boolean[], $9::numeric[])
                   as v(id, person_name, person_key, organization_id, position, attended, hours)`,
              [
                inserts.map((r) => r.id),
                event.id,
                actor.subject,
                inserts.map((r) => r.personName),
                inserts.map((r) => r.personKey),
                inserts.map((r) => r.organizationId),
                inserts.map((r) => r.position),
                inserts.map((r) => r.attended),
                inserts.map((r) => r.hours),
              ],
            ),
          { registration_person: duplicate('input.participants') },
        );
      return this.announceAttendance(manager, event, actor);
    });
  }

  private async announceAttendance(manager: EntityManager, event: EventEntity, actor: Actor): Promise<AttendanceRecording> {
    const rows: { organization_id: string; participants: string; attended: string; hours: string }[] = await manager.query(
      `select organization_id, count(*) as participants,
              count(*) filter (where attended) as attended,
              coalesce(sum(hours) filter (where attended), 0) as hours
         from registration where event_id = $1 group by organization_id order by organization_id`,
      [event.id],
    );
    const byOrganization = rows
      .filter((r) => Number(r.attended) > 0)
      .map((r) => ({ organizationId: r.organization_id, attended: Number(r.attended), hours: Number(r.hours) }));
    const summary = {
      event,
      participants: rows.reduce((n, r) => n + Number(r.participants), 0),
      attended: rows.reduce((n, r) => n + Number(r.attended), 0),
      hours: rows.reduce((n, r) => n + Number(r.hours), 0),
    };
    const region = await manager.getRepository(ProjectedRegion).findOneBy({ id: event.regionId });
    await announce(manager, actor, {
      regionCode: await regionCodeOf(manager, event.regionId),
      type: 'events.attendance.recorded',
      subject: event.id,
      data: {
        eventId: event.id,
        kind: event.kind,
        organizerOrganizationId: event.organizerOrganizationId,
        municipalityId: event.municipalityId,
        heldOn: localIso(event.startsAt, zoneOf(region)).slice(0, 10),
        participants: summary.participants,
        attended: summary.attended,
        hours: summary.hours,
        byOrganization,
      },
    });
    return summary;
  }

  /** The events a person registered themselves for ("events I am registered for"), by start. */
  eventsOf(subject: string, from: string, to: string): Promise<EventEntity[]> {
    return this.dataSource
      .getRepository(EventEntity)
      .createQueryBuilder('e')
      .innerJoin(RegistrationEntity, 'r', 'r.event_id = e.id and r.participant_subject = :subject', { subject })
      .where('e.starts_at >= :from and e.starts_at < :to', { from, to })
      .orderBy('e.starts_at', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .getMany();
  }

  /** A participant who attended a held event rates it 1–5, once. */
  giveFeedback(input: GiveFeedbackInput, actor: Actor): Promise<FeedbackEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const event = await manager.getRepository(EventEntity).findOneBy({ id: input.eventId });
      if (!event) throw new ParticipationError('EVENT_NOT_FOUND', 'Мероприятие не найдено', 'input.eventId');
      if (event.state !== 'HELD')
        throw new ParticipationError('EVENT_NOT_HELD', 'Отзыв оставляют о проведённом мероприятии', 'input.eventId');
      const registration = await manager
        .getRepository(RegistrationEntity)
        .findOneBy({ eventId: event.id, participantSubject: actor.subject, attended: true });
      if (!registration)
        throw new ParticipationError(
          'NOT_A_PARTICIPANT',
          'Отзыв оставляет участник, посетивший мероприятие',
          'input.eventId',
        );
      const already = await manager.getRepository(FeedbackEntity).findOneBy({ eventId: event.id, authorSubject: actor.subject });
      const again = () =>
        new ParticipationError('FEEDBACK_ALREADY_GIVEN', 'Вы уже оставили отзыв об этом мероприятии', 'input.eventId');
      if (already) throw again();
      const repository = manager.getRepository(FeedbackEntity);
      const feedback = await mapConstraintViolations(
        () =>
          repository.save(
            repository.create({
              id: randomUUID(),
              eventId: event.id,
              registrationId: registration.id,
              authorSubject: actor.subject,
              rating: input.rating,
              comment: input.comment,
            }),
          ),
        { feedback_once: again },
      );
      await announce(manager, actor, {
        regionCode: await regionCodeOf(manager, event.regionId),
        type: 'events.feedback.given',
        subject: event.id,
        data: {
          feedbackId: feedback.id,
          eventId: event.id,
          organizerOrganizationId: event.organizerOrganizationId,
          municipalityId: event.municipalityId,
          rating: feedback.rating,
        },
      });
      return feedback;
    });
  }
}
