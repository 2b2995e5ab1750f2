import { randomUUID } from 'node:crypto';

import type { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '@opora/database';

import type { Actor } from '@opora/service-kit';
import { announce } from '@opora/service-kit';
import { recordAudit } from '@opora/service-kit';
import { mapConstraintViolations } from '@opora/service-kit';
import { assertAuthorityCovers } from '../order/jurisdiction';
import { AdministrativeOrderEntity } from '../order/order.entity';
import { OrganizationEntity } from '../organization/organization.entity';
import { ProgrammeEntity } from '../programme/programme.entity';
import { regionCodeOf } from '../region/region-access';
import { PersonEntity } from './person.entity';
import { eachRegionsOwnToday } from './status-clock';
import type { Today } from './status-clock';
import { StatusAssignmentEntity } from './status.entity';
import type { StatusEndReason } from './status.entity';
import { StatusError } from './status.errors';
import type {
  AppointSiteHeadInput,
  AssignStatusInput,
  CorrectStatusInput,
  EndStatusEarlyInput,
} from './status.inputs';
import {
  conflictingKinds,
  heldThrough,
  isEarlyEndReason,
  needsGrounds,
  needsProgramme,
  nextDay,
  statusFitsOrganization,
} from './status.rules';

const overlapError = (conflictingStatusId?: string) =>
  new StatusError(
    'STATUS_PERIOD_OVERLAP',
    'У организации уже есть статус этого вида на часть указанного срока: один статус одного вида не может действовать дважды',
    'input.validFrom',
    conflictingStatusId ? { conflictingStatusId } : undefined,
  );

interface Period {
  kind: AssignStatusInput['kind'];
  programmeId: string | null;
  validFrom: string | null;
  validTo: string | null;
}

/** A checked period; `programmeEndsOn` is the last day of the programme it belongs to, if any. */
interface ResolvedPeriod extends Period {
  validFrom: string;
  programmeEndsOn: string | null;
}

export class StatusService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly today: Today = eachRegionsOwnToday,
  ) {}

  /**
   * Assigns a status under an authority's order (000 §4.1; 002 §1.3), for a period (the
   * programme's by default, 000 §1.2) and a theme, with its grounds (000 §1.5). The organization
   * row itself is not touched: a status is data about it (000 §1.4; 002 §1.4).
   */
  assign(input: AssignStatusInput, actor: Actor): Promise<StatusAssignmentEntity> {
    return mapConstraintViolations(
      () =>
        inTransaction(this.dataSource, async (manager) => {
          const organization = await this.lockOrganization(
            manager,
            input.organizationId,
            'input.organizationId',
          );
          if (!statusFitsOrganization(input.kind, organization.kind))
            throw new StatusError(
              'STATUS_NOT_FOR_KIND',
              input.kind === 'REGIONAL_INNOVATION_SITE'
                ? 'Орган управления образованием не может быть инновационной площадкой'
                : 'Этот статус присваивается только образовательной организации (школе)',
              'input.organizationId',
            );
          await this.loadAuthorityOrder(
            manager,
            input.assigningOrderId,
            organization,
            'input.assigningOrderId',
          );
          if (needsGrounds(input.kind) && input.grounds.length === 0)
            throw new StatusError(
              'GROUNDS_REQUIRED',
              'Укажите основания присвоения статуса (000 §1.5; 002 §1.3)',
              'input.grounds',
            );
          const period = await this.resolvePeriod(manager, input, organization, 'input');
          await this.assertNoOverlap(manager, organization.id, period, null);
          if (input.methodologicalCentreId)
            await this.assertMethodologicalCentre(manager, input.methodologicalCentreId, organization);
          const status = await this.insert(manager, {
            organization,
            kind: input.kind,
            theme: input.theme,
            grounds: input.grounds,
            programmeId: period.programmeId,
            assigningOrderId: input.assigningOrderId,
            methodologicalCentreId: input.methodologicalCentreId,
            validFrom: period.validFrom,
            validTo: period.validTo,
            actor,
          });
          if (status.kind === 'LEADER_SCHOOL') await this.bindWaitingAgreements(manager, status);
          await recordAudit(manager, {
            organizationId: organization.id,
            entityType: 'STATUS',
            entityId: status.id,
            action: 'ASSIGNED',
            actor,
            changes: { ...input, validFrom: status.validFrom, validTo: status.validTo },
          });
          return this.endIfAlreadyOver(manager, status, period, actor);
        }),
      { status_assignment_no_overlap: () => overlapError() },
    );
  }

  /**
   * Ends a status early: only for a reason of 000 §4.5 and on an authority's order, taking effect
   * on that order's date (000 §4.6).
   */
  endEarly(input: EndStatusEarlyInput, actor: Actor): Promise<StatusAssignmentEntity> {
    if (!isEarlyEndReason(input.reason))
      throw new StatusError(
        'EARLY_END_REASON_NOT_ALLOWED',
        'Досрочно статус прекращается только в связи с досрочным выполнением плана или по непредвиденным обстоятельствам (000 §4.5)',
        'input.reason',
      );
    return inTransaction(this.dataSource, async (manager) => {
      const status = await this.lockStatus(manager, input.statusId);
      if (status.state !== 'ACTIVE')
        throw new StatusError(
          'STATUS_NOT_ACTIVE',
          'Статус уже прекращён или заменён исправлением',
          'input.statusId',
        );
      const organization = await manager
        .getRepository(OrganizationEntity)
        .findOneByOrFail({ id: status.organizationId });
      const order = await this.loadAuthorityOrder(
        manager,
        input.endingOrderId,
        organization,
        'input.endingOrderId',
      );
      const lastDay = heldThrough(status);
      if (order.issuedOn < status.validFrom || (lastDay !== null && order.issuedOn > lastDay))
        throw new StatusError(
          'END_DATE_OUTSIDE_PERIOD',
          `Досрочное прекращение вступает в силу с даты документа (000 §4.6), а ${order.issuedOn} вне срока статуса`,
          'input.endingOrderId',
        );
      return this.end(manager, status, input.reason, order.issuedOn, order.id, actor);
    });
  }

  /**
   * Corrects a status record: history is not overwritten, the record is superseded by a new one
   * carrying the corrected values, the reason and a link back.
   */
  correct(input: CorrectStatusInput, actor: Actor): Promise<StatusAssignmentEntity> {
    return mapConstraintViolations(
      () =>
        inTransaction(this.dataSource, async (manager) => {
          const previous = await this.lockStatus(manager, input.statusId);
          if (previous.state === 'SUPERSEDED')
            throw new StatusError(
              'STATUS_SUPERSEDED',
              'Эта запись уже исправлена: исправляйте последнюю запись',
              'input.statusId',
            );
          const organization = await this.lockOrganization(
            manager,
            previous.organizationId,
            'input.statusId',
          );
          const next = {
            theme: input.theme ?? previous.theme,
            grounds: input.grounds ?? previous.grounds,
            programmeId: input.programmeId === undefined ? previous.programmeId : input.programmeId,
            validFrom: input.validFrom ?? previous.validFrom,
            validTo: input.validTo === undefined ? previous.validTo : input.validTo,
          };
          const changed = (Object.keys(next) as (keyof typeof next)[]).filter(
            (field) => JSON.stringify(next[field]) !== JSON.stringify(previous[field]),
          );
          if (changed.length === 0)
            throw new StatusError(
              'NOTHING_TO_CORRECT',
              'Исправление не меняет ни одного поля статуса',
              'input',
            );
          if (needsGrounds(previous.kind) && next.grounds.length === 0)
            throw new StatusError(
              'GROUNDS_REQUIRED',
              'Укажите основания присвоения статуса (000 §1.5; 002 §1.3)',
              'input.grounds',
            );
          const period = await this.resolvePeriod(
            manager,
            { kind: previous.kind, ...next },
            organization,
            'input',
          );
          await this.assertNoOverlap(manager, organization.id, period, previous.id);
          await manager.update(StatusAssignmentEntity, { id: previous.id }, { state: 'SUPERSEDED' });
          const status = await this.insert(manager, {
            organization,
            kind: previous.kind,
            theme: next.theme,
            grounds: next.grounds,
            programmeId: period.programmeId,
            assigningOrderId: previous.assigningOrderId,
            methodologicalCentreId: previous.methodologicalCentreId,
            validFrom: period.validFrom,
            validTo: period.validTo,
            actor,
            corrects: previous,
            correctionReason: input.reason,
          });
          await manager.query(
            `update agreement_binding set status_assignment_id = $1, updated_at = now() where status_assignment_id = $2`,
            [status.id, previous.id],
          );
          const changes = Object.fromEntries(
            changed.map((field) => [field, { from: previous[field], to: next[field] }]),
          );
          await recordAudit(manager, {
            organizationId: organization.id,
            entityType: 'STATUS',
            entityId: previous.id,
            action: 'SUPERSEDED',
            actor,
            reason: input.reason,
            changes: { supersededBy: status.id, ...changes },
          });
          return status.state === 'ACTIVE' ? this.endIfAlreadyOver(manager, status, period, actor) : status;
        }),
      { status_assignment_no_overlap: () => overlapError() },
    );
  }

  /** The head of a training site is appointed by the order of the school's head (000 §4.3). */
  appointSiteHead(input: AppointSiteHeadInput, actor: Actor): Promise<StatusAssignmentEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const status = await this.lockStatus(manager, input.statusId);
      if (status.kind !== 'TRAINING_SITE')
        throw new StatusError(
          'NOT_A_TRAINING_SITE',
          'Руководитель назначается только муниципальной стажировочной площадке',
          'input.statusId',
        );
      if (status.state === 'SUPERSEDED')
        throw new StatusError(
          'STATUS_SUPERSEDED',
          'Эта запись уже исправлена: назначайте руководителя по последней записи',
          'input.statusId',
        );
      const order = await manager
        .getRepository(AdministrativeOrderEntity)
        .findOneBy({ id: input.appointingOrderId });
      if (!order) throw new StatusError('ORDER_NOT_FOUND', 'Документ не найден', 'input.appointingOrderId');
      if (order.issuerId !== status.organizationId)
        throw new StatusError(
          'HEAD_ORDER_NOT_BY_SCHOOL',
          'Руководитель МСП назначается приказом руководителя образовательной организации, на базе которой она создана (000 §4.3)',
          'input.appointingOrderId',
        );
      // 000 §4.3: the head is appointed while the site exists — on the order's date, whether or
      // not the status still holds today (docs/decisions.md §31).
      const lastDay = heldThrough(status);
      if (order.issuedOn < status.validFrom || (lastDay !== null && order.issuedOn > lastDay))
        throw new StatusError(
          'APPOINTMENT_OUTSIDE_PERIOD',
          `Руководитель МСП назначается, пока площадка действует (000 §4.3): с ${status.validFrom}${lastDay ? ` по ${lastDay}` : ''}, а приказ от ${order.issuedOn}`,
          'input.appointingOrderId',
        );
      const people = manager.getRepository(PersonEntity);
      const person = await people.save(
        people.create({
          id: randomUUID(),
          organizationId: status.organizationId,
          fullName: input.fullName,
          position: input.position,
          email: input.email,
          phone: input.phone,
          createdBy: actor.subject,
        }),
      );
      await manager.update(StatusAssignmentEntity, { id: status.id }, { headPersonId: person.id });
      await recordAudit(manager, {
        organizationId: status.organizationId,
        entityType: 'PERSON',
        entityId: person.id,
        action: 'APPOINTED',
        actor,
        changes: { statusId: status.id, appointingOrderId: order.id, role: 'SITE_HEAD' },
      });
      return { ...status, headPersonId: person.id };
    });
  }

  /**
   * Ends an active status once: the row is updated only while still ACTIVE, and the event is
   * written only for the row this transaction ended — a second caller (another instance, a
   * redelivered message) finds it ended and does nothing.
   */
  async end(
    manager: EntityManager,
    status: StatusAssignmentEntity,
    reason: StatusEndReason,
    endedOn: string,
    endingOrderId: string | null,
    actor: Actor,
  ): Promise<StatusAssignmentEntity> {
    const result = await manager
      .createQueryBuilder()
      .update(StatusAssignmentEntity)
      .set({ state: 'ENDED', endReason: reason, endedOn, endingOrderId })
      .where('id = :id and state = :active', { id: status.id, active: 'ACTIVE' })
      .execute();
    if (!result.affected)
      return manager.getRepository(StatusAssignmentEntity).findOneByOrFail({ id: status.id });
    await announce(manager, actor, {
      regionCode: await regionCodeOf(manager, status.regionId),
      type: 'registry.status.ended',
      subject: status.organizationId,
      data: {
        statusId: status.id,
        organizationId: status.organizationId,
        municipalityId: status.municipalityId,
        kind: status.kind,
        reason,
        endedOn,
        endingOrderId,
      },
    });
    await recordAudit(manager, {
      organizationId: status.organizationId,
      entityType: 'STATUS',
      entityId: status.id,
      action: 'ENDED',
      actor,
      changes: { reason, endedOn, endingOrderId },
    });
    return { ...status, state: 'ENDED', endReason: reason, endedOn, endingOrderId };
  }

  /**
   * A status entered for a period that is already over (history typed in from paper) is stored
   * ended at once, with the reason and day the scheduler would have given it (000 §4.4), so its
   * events are announced once and the scheduler finds nothing left to do.
   */
  private async endIfAlreadyOver(
    manager: EntityManager,
    status: StatusAssignmentEntity,
    period: ResolvedPeriod,
    actor: Actor,
  ): Promise<StatusAssignmentEntity> {
    if (status.validTo === null) return status;
    const [{ today }] = (await manager.query(
      `select coalesce($2::date, (now() at time zone time_zone)::date)::text as today from region where id = $1`,
      [status.regionId, this.today()],
    )) as { today: string }[];
    if (status.validTo >= today) return status;
    const programmeEnded = period.programmeEndsOn !== null && status.validTo >= period.programmeEndsOn;
    return this.end(
      manager,
      status,
      programmeEnded ? 'PROGRAMME_ENDED' : 'PERIOD_EXPIRED',
      nextDay(status.validTo),
      null,
      actor,
    );
  }

  private async lockOrganization(
    manager: EntityManager,
    id: string,
    field: string,
  ): Promise<OrganizationEntity> {
    // Locking the organization serialises status changes of one organization, so the overlap
    // check below sees every committed status (the exclusion constraint backs it up).
    const organization = await manager
      .getRepository(OrganizationEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!organization) throw new StatusError('ORGANIZATION_NOT_FOUND', 'Организация не найдена', field);
    return organization;
  }

  private async lockStatus(manager: EntityManager, id: string): Promise<StatusAssignmentEntity> {
    const status = await manager
      .getRepository(StatusAssignmentEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!status) throw new StatusError('STATUS_NOT_FOUND', 'Статус не найден', 'input.statusId');
    return status;
  }

  private async loadAuthorityOrder(
    manager: EntityManager,
    orderId: string,
    organization: OrganizationEntity,
    field: string,
  ): Promise<AdministrativeOrderEntity> {
    const order = await manager.getRepository(AdministrativeOrderEntity).findOneBy({ id: orderId });
    if (!order) throw new StatusError('ORDER_NOT_FOUND', 'Документ не найден', field);
    const issuer = await manager.getRepository(OrganizationEntity).findOneByOrFail({ id: order.issuerId });
    assertAuthorityCovers(issuer, organization, field);
    return order;
  }

  /** The methodological centre of a training site is one of the region's centres (000 §3.5.1). */
  private async assertMethodologicalCentre(
    manager: EntityManager,
    centreId: string,
    organization: OrganizationEntity,
  ): Promise<void> {
    const centre = await manager.getRepository(OrganizationEntity).findOneBy({ id: centreId });
    if (centre?.kind !== 'METHODOLOGICAL_CENTER' || centre.regionId !== organization.regionId)
      throw new StatusError(
        'METHODOLOGICAL_CENTRE_INVALID',
        'Укажите методический центр того же региона (организация вида METHODOLOGICAL_CENTER)',
        'input.methodologicalCentreId',
      );
  }

  /** The status's period: given, or the programme's (000 item 1, §1.2), and within it. */
  private async resolvePeriod(
    manager: EntityManager,
    input: Period,
    organization: OrganizationEntity,
    root: string,
  ): Promise<ResolvedPeriod> {
    let { validFrom, validTo } = input;
    let programmeEndsOn: string | null = null;
    if (input.programmeId) {
      const programme = await manager.getRepository(ProgrammeEntity).findOneBy({ id: input.programmeId });
      if (!programme)
        throw new StatusError('PROGRAMME_NOT_FOUND', 'Программа не найдена', `${root}.programmeId`);
      if (programme.regionId !== organization.regionId)
        throw new StatusError(
          'PROGRAMME_OF_ANOTHER_REGION',
          'Программа другого региона',
          `${root}.programmeId`,
        );
      // 000 §1.2: the status lies inside the days the programme ran — judged by the act's own
      // dates, not by whether the programme still runs today, so history is entered at any pace
      // (docs/decisions.md §31).
      const programmeLastDay =
        heldThrough({ validTo: programme.endsOn, endedOn: programme.endedOn }) ?? programme.endsOn;
      validFrom ??= programme.startsOn;
      validTo ??= programmeLastDay;
      if (validFrom < programme.startsOn || validTo > programmeLastDay)
        throw new StatusError(
          'PERIOD_OUTSIDE_PROGRAMME',
          `Статус действует на период программы (000 §1.2): с ${programme.startsOn} по ${programmeLastDay}`,
          validFrom < programme.startsOn ? `${root}.validFrom` : `${root}.validTo`,
        );
      programmeEndsOn = programmeLastDay;
    } else if (needsProgramme(input.kind)) {
      throw new StatusError(
        'PROGRAMME_REQUIRED',
        'Статус муниципальной стажировочной площадки присваивается на период реализации программы (000 п. 1, §1.2): укажите программу',
        `${root}.programmeId`,
      );
    }
    if (!validFrom)
      throw new StatusError('PERIOD_REQUIRED', 'Укажите начало срока статуса', `${root}.validFrom`);
    if (validTo && validTo < validFrom)
      throw new StatusError(
        'PERIOD_END_BEFORE_START',
        'Окончание срока статуса раньше его начала',
        `${root}.validTo`,
      );
    return { ...input, validFrom, validTo, programmeEndsOn };
  }

  private async assertNoOverlap(
    manager: EntityManager,
    organizationId: string,
    period: ResolvedPeriod,
    exceptId: string | null,
  ): Promise<void> {
    const kinds = [period.kind, ...conflictingKinds(period.kind)];
    const rows = (await manager.query(
      `select id, kind from status_assignment
        where organization_id = $1 and kind = any($2) and state <> 'SUPERSEDED' and id is distinct from $5
          and held && daterange($3::date, coalesce($4::date + 1, 'infinity'::date), '[)')
        order by kind = $6 desc limit 1`,
      [organizationId, kinds, period.validFrom, period.validTo, exceptId, period.kind],
    )) as { id: string; kind: string }[];
    const clash = rows[0];
    if (!clash) return;
    if (clash.kind === period.kind) throw overlapError(clash.id);
    throw new StatusError(
      'STATUS_CONFLICT',
      'Школа не может одновременно оказывать помощь (школа-лидер, стажировочная площадка) и быть школой с низкими результатами (002 §1.3; 000 §1.5)',
      'input.kind',
      { conflictingStatusId: clash.id },
    );
  }

  private async insert(
    manager: EntityManager,
    values: {
      organization: OrganizationEntity;
      kind: StatusAssignmentEntity['kind'];
      theme: string;
      grounds: string[];
      programmeId: string | null;
      assigningOrderId: string;
      methodologicalCentreId: string | null;
      validFrom: string;
      validTo: string | null;
      actor: Actor;
      corrects?: StatusAssignmentEntity;
      correctionReason?: string;
    },
  ): Promise<StatusAssignmentEntity> {
    const { organization, corrects, actor } = values;
    const repository = manager.getRepository(StatusAssignmentEntity);
    const status = await repository.save(
      repository.create({
        id: randomUUID(),
        organizationId: organization.id,
        regionId: organization.regionId,
        municipalityId: organization.municipalityId,
        kind: values.kind,
        theme: values.theme,
        grounds: values.grounds,
        programmeId: values.programmeId,
        assigningOrderId: values.assigningOrderId,
        methodologicalCentreId: values.methodologicalCentreId,
        validFrom: values.validFrom,
        validTo: values.validTo,
        headPersonId: corrects?.headPersonId ?? null,
        state: corrects?.state === 'ENDED' ? 'ENDED' : 'ACTIVE',
        endReason: corrects?.endReason ?? null,
        endingOrderId: corrects?.endingOrderId ?? null,
        endedOn: corrects?.endedOn ?? null,
        supersedesId: corrects?.id ?? null,
        correctionReason: values.correctionReason ?? null,
        createdBy: actor.subject,
      }),
    );
    await announce(manager, actor, {
      regionCode: await regionCodeOf(manager, organization.regionId),
      type: 'registry.status.assigned',
      subject: organization.id,
      data: {
        statusId: status.id,
        organizationId: organization.id,
        municipalityId: organization.municipalityId,
        kind: status.kind,
        theme: status.theme,
        programmeId: status.programmeId,
        assigningOrderId: status.assigningOrderId,
        validFrom: status.validFrom,
        validTo: status.validTo,
        correctsStatusId: corrects?.id ?? null,
      },
    });
    return status;
  }

  /** A leader status assigned after its agreement was concluded picks the agreement up. */
  private async bindWaitingAgreements(manager: EntityManager, status: StatusAssignmentEntity): Promise<void> {
    await manager.query(
      `update agreement_binding set status_assignment_id = $1, updated_at = now()
        where leader_organization_id = $2 and status_assignment_id is null and ended_on is null`,
      [status.id, status.organizationId],
    );
  }
}
