import { randomUUID } from 'node:crypto';

import type { DataSource, EntityManager } from 'typeorm';
import { AuthError } from '@opora/auth';
import type { Principal } from '@opora/auth';
import { inTransaction } from '@opora/database';
import type { EventData } from '@opora/event-contracts';
import { RegistryProjection } from '@opora/registry-projection';
import { announce, recordAudit, systemActor } from '@opora/service-kit';
import type { Actor, Announcement } from '@opora/service-kit';
import { paginate } from '@opora/subgraph-server';
import type { Connection, PageArgs } from '@opora/subgraph-server';

import { addDays } from '../../shared/dates';
import { AgreementEntity } from '../agreement/agreement.entity';
import { ActivityPlanEntity, FulfillingEventEntity, PlanItemEntity, PlanVersionEntity } from './plan.entity';
import type { PlanItemSnapshot, PlanState } from './plan.entity';
import { PlanError } from './plan.errors';
import type { AddPlanItemInput, ChangePlanItemInput, DraftPlanInput, PlansFilter } from './plan.inputs';

const editable: PlanState[] = ['DRAFT', 'RETURNED'];

const lastDayOfMonth = (day: string) => addDays(`${addDays(`${day.slice(0, 7)}-28`, 4).slice(0, 7)}-01`, -1);

/**
 * Activity plans and their approval (000 §3.4, §3.5.1, §3.5.2, §4.2): the site's head drafts
 * and submits, the methodological centre of the territory returns with comments or agrees; every
 * submitted version is kept with its items; an agreed plan changes only through a new version.
 * Items are fulfilled by events of the events service (docs/decisions.md §54) or by hand.
 */
export class PlanService {
  constructor(private readonly dataSource: DataSource) {}

  /** Plans of a region or municipality with filters, a Relay page with the total. */
  list(
    filter: PlansFilter,
    page: PageArgs,
    scope: { sql: string; params: Record<string, string> } | null,
  ): Promise<Connection<ActivityPlanEntity>> {
    const query = this.dataSource.getRepository(ActivityPlanEntity).createQueryBuilder('p').where('true');
    if (scope) query.andWhere(scope.sql, scope.params);
    if (filter.regionCode) query.andWhere('p.region_code = :regionCode', { regionCode: filter.regionCode });
    if (filter.municipalityId)
      query.andWhere('p.municipality_id = :municipalityId', { municipalityId: filter.municipalityId });
    if (filter.organizationId)
      query.andWhere('p.organization_id = :organizationId', { organizationId: filter.organizationId });
    if (filter.state) query.andWhere('p.state = :state', { state: filter.state });
    if (filter.activeOn)
      query.andWhere('p.period_from <= :activeOn and p.period_to >= :activeOn', {
        activeOn: filter.activeOn,
      });
    return paginate(query, page, { column: 'p.period_from', value: (p) => p.periodFrom });
  }

  /** The organization holding a training site's status (for the access check before a draft). */
  async organizationOfSiteStatus(statusId: string): Promise<string | null> {
    const [row] = (await this.dataSource.query(
      `select organization_id from projected_status where id = $1 and kind = 'TRAINING_SITE'`,
      [statusId],
    )) as { organization_id: string }[];
    return row?.organization_id ?? null;
  }

  draft(input: DraftPlanInput, actor: Actor): Promise<ActivityPlanEntity> {
    if (input.periodTo < input.periodFrom)
      throw new PlanError(
        'PLAN_PERIOD_INVALID',
        'Окончание периода плана раньше его начала',
        'input.periodTo',
      );
    return inTransaction(this.dataSource, async (manager) => {
      const owner = await this.ownerOf(manager, input);
      const repository = manager.getRepository(ActivityPlanEntity);
      const plan = await repository.save(
        repository.create({
          id: randomUUID(),
          title: input.title,
          ownerKind: input.ownerKind,
          ownerId: input.ownerId,
          ...owner,
          periodFrom: input.periodFrom,
          periodTo: input.periodTo,
          version: 1,
          state: 'DRAFT',
          agreedVersion: null,
          createdBy: actor.subject,
        }),
      );
      await this.audit(manager, plan, 'DRAFTED', actor, { ...input });
      return plan;
    });
  }

  /** The organization, place and period bounds of a plan's owner (a site's status, an agreement). */
  private async ownerOf(manager: EntityManager, input: DraftPlanInput) {
    const projection = new RegistryProjection(manager);
    let organizationId: string;
    let from: string;
    let to: string | null;
    if (input.ownerKind === 'TRAINING_SITE_STATUS') {
      const [status] = (await manager.query(
        `select organization_id, valid_from::text, valid_to::text from projected_status
          where id = $1 and kind = 'TRAINING_SITE' and state <> 'SUPERSEDED'`,
        [input.ownerId],
      )) as { organization_id: string; valid_from: string; valid_to: string | null }[];
      if (!status)
        throw new PlanError(
          'PLAN_OWNER_NOT_FOUND',
          'Статус стажировочной площадки не найден',
          'input.ownerId',
        );
      organizationId = status.organization_id;
      from = status.valid_from;
      to = status.valid_to;
    } else {
      const agreement = await manager.getRepository(AgreementEntity).findOneBy({ id: input.ownerId });
      if (!agreement || agreement.state === 'TERMINATED' || agreement.state === 'COMPLETED')
        throw new PlanError('PLAN_OWNER_NOT_FOUND', 'Действующее соглашение не найдено', 'input.ownerId');
      organizationId = agreement.leaderOrganizationId;
      from = agreement.validFrom;
      to = agreement.validTo;
    }
    if (input.periodFrom < from || (to !== null && input.periodTo > to))
      throw new PlanError(
        'PLAN_PERIOD_OUTSIDE_OWNER',
        `Период плана выходит за срок ${input.ownerKind === 'AGREEMENT' ? 'соглашения' : 'статуса площадки'} (${from} — ${to ?? 'без срока'})`,
        'input.periodFrom',
      );
    const place = await projection.placeOf(organizationId);
    if (!place?.regionCode)
      throw new PlanError(
        'PLAN_OWNER_NOT_FOUND',
        'Организация владельца плана не найдена в реестре',
        'input.ownerId',
      );
    return {
      organizationId,
      municipalityId: place.municipalityId,
      regionId: place.regionId,
      regionCode: place.regionCode,
    };
  }

  addItem(input: AddPlanItemInput, actor: Actor): Promise<PlanItemEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const plan = await this.lockedPlan(manager, input.planId, 'input.planId');
      this.checkEditable(plan, 'input.planId');
      const { planId: _planId, ...fields } = input;
      const item = this.checkedItem(plan, fields);
      const repository = manager.getRepository(PlanItemEntity);
      const saved = await repository.save(
        repository.create({
          id: randomUUID(),
          planId: plan.id,
          ...item,
          state: 'PLANNED',
          fulfilledBy: null,
          eventId: null,
          doneOn: null,
          cancelReason: null,
        }),
      );
      await this.audit(manager, plan, 'ITEM_ADDED', actor, { itemId: saved.id, ...fields });
      return saved;
    });
  }

  changeItem(input: ChangePlanItemInput, actor: Actor): Promise<PlanItemEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const { plan, item } = await this.lockedItem(manager, input.itemId);
      this.checkEditable(plan, 'input.itemId');
      const { itemId: _itemId, ...fields } = input;
      Object.assign(item, this.checkedItem(plan, fields));
      await manager.getRepository(PlanItemEntity).save(item);
      await this.audit(manager, plan, 'ITEM_CHANGED', actor, { ...input });
      return item;
    });
  }

  removeItem(itemId: string, actor: Actor): Promise<ActivityPlanEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const { plan, item } = await this.lockedItem(manager, itemId);
      this.checkEditable(plan, 'input.itemId');
      await manager.getRepository(PlanItemEntity).delete({ id: item.id });
      await this.audit(manager, plan, 'ITEM_REMOVED', actor, { itemId });
      return plan;
    });
  }

  /** The site's head submits the version to the methodological centre (000 §3.5.2). */
  submit(planId: string, principal: Principal, actor: Actor): Promise<ActivityPlanEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const plan = await this.lockedPlan(manager, planId, 'input.planId');
      if (principal.role !== 'SCHOOL_STAFF' || principal.organizationId !== plan.organizationId)
        throw new AuthError(
          'FORBIDDEN',
          'План на согласование подаёт руководитель площадки (сотрудник её организации) (000 §3.5.2)',
          'input.planId',
        );
      if (!editable.includes(plan.state)) throw this.transition(plan, 'подать на согласование');
      const items = await this.items(manager, plan.id);
      if (items.length === 0)
        throw new PlanError('PLAN_EMPTY', 'В плане нет ни одного мероприятия', 'input.planId');
      await manager.getRepository(PlanVersionEntity).insert({
        id: randomUUID(),
        planId: plan.id,
        version: plan.version,
        state: 'SUBMITTED',
        items: items.map(snapshot),
        submittedAt: new Date(),
        submittedBy: actor.subject,
        decidedAt: null,
        decidedBy: null,
        decidedByOrganizationId: null,
        comments: null,
      });
      plan.state = 'SUBMITTED';
      await manager.getRepository(ActivityPlanEntity).save(plan);
      await this.announce(manager, plan, actor, 'agreements.plan.submitted', {
        ...header(plan),
        itemCount: items.length,
      });
      await this.audit(manager, plan, 'SUBMITTED', actor, { version: plan.version });
      return plan;
    });
  }

  /** The centre returns the version with comments; the corrections make the next version (000 §3.5.1). */
  return(planId: string, comments: string, principal: Principal, actor: Actor): Promise<ActivityPlanEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const plan = await this.lockedPlan(manager, planId, 'input.planId');
      const centreId = await this.agreeingCentre(manager, plan, principal);
      if (plan.state !== 'SUBMITTED') throw this.transition(plan, 'вернуть на доработку');
      await this.decide(manager, plan, 'RETURNED', centreId, comments, actor);
      const version = plan.version;
      plan.state = 'RETURNED';
      plan.version = version + 1;
      await manager.getRepository(ActivityPlanEntity).save(plan);
      await this.announce(manager, plan, actor, 'agreements.plan.returned', {
        ...header(plan),
        version,
        returnedByOrganizationId: centreId,
      });
      await this.audit(manager, plan, 'RETURNED', actor, { version }, comments);
      return plan;
    });
  }

  /** The centre of the territory agrees the version: its items are the plan now (000 §3.4, §4.2). */
  agree(planId: string, principal: Principal, actor: Actor): Promise<ActivityPlanEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const plan = await this.lockedPlan(manager, planId, 'input.planId');
      const centreId = await this.agreeingCentre(manager, plan, principal);
      if (plan.state !== 'SUBMITTED') throw this.transition(plan, 'согласовать');
      await this.decide(manager, plan, 'AGREED', centreId, null, actor);
      plan.state = 'AGREED';
      plan.agreedVersion = plan.version;
      await manager.getRepository(ActivityPlanEntity).save(plan);
      const items = await this.items(manager, plan.id);
      await this.announce(manager, plan, actor, 'agreements.plan.agreed', {
        ...header(plan),
        agreedByOrganizationId: centreId,
        items: items.map((i) => ({
          planItemId: i.id,
          activityKind: i.activityKind,
          topic: i.topic,
          plannedOn: i.plannedOn,
          durationHours: i.durationHours,
        })),
      });
      await this.audit(manager, plan, 'AGREED', actor, { version: plan.version });
      return plan;
    });
  }

  /** An agreed plan changes only through a new version: it opens one as a draft. */
  revise(planId: string, actor: Actor): Promise<ActivityPlanEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const plan = await this.lockedPlan(manager, planId, 'input.planId');
      if (plan.state !== 'AGREED') throw this.transition(plan, 'открыть новую редакцию');
      plan.state = 'DRAFT';
      plan.version += 1;
      await manager.getRepository(ActivityPlanEntity).save(plan);
      await this.audit(manager, plan, 'REVISION_OPENED', actor, { version: plan.version });
      return plan;
    });
  }

  /** An item of an agreed plan done by hand (an activity not held through the events service). */
  markDone(itemId: string, doneOn: string, actor: Actor): Promise<PlanItemEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const { plan, item } = await this.lockedItem(manager, itemId);
      if (plan.agreedVersion === null || item.state !== 'PLANNED')
        throw new PlanError(
          'PLAN_ITEM_TRANSITION_NOT_ALLOWED',
          'Отметить выполненным можно только запланированное мероприятие согласованного плана',
          'input.itemId',
        );
      await this.fulfil(manager, plan, item, 'MANUAL', null, doneOn, actor);
      return item;
    });
  }

  cancelItem(itemId: string, reason: string | null, actor: Actor): Promise<PlanItemEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const { plan, item } = await this.lockedItem(manager, itemId);
      if (plan.agreedVersion === null || item.state !== 'PLANNED')
        throw new PlanError(
          'PLAN_ITEM_TRANSITION_NOT_ALLOWED',
          'Отменить можно только запланированное мероприятие согласованного плана',
          'input.itemId',
        );
      item.state = 'CANCELLED';
      item.cancelReason = reason;
      await manager.getRepository(PlanItemEntity).save(item);
      await this.announce(manager, plan, actor, 'agreements.plan-item.cancelled', {
        planItemId: item.id,
        planId: plan.id,
        organizationId: plan.organizationId,
        municipalityId: plan.municipalityId,
        cancelledOn: new Date().toISOString().slice(0, 10),
        reason,
      });
      await this.audit(manager, plan, 'ITEM_CANCELLED', actor, { itemId }, reason);
      return item;
    });
  }

  /**
   * `events.event.held` naming a plan item: the item is done, fulfilled by that event — unless the
   * event was cancelled already (a cancellation read first), or another event fulfilled it.
   */
  async eventHeld(manager: EntityManager, data: EventData<'events.event.held'>): Promise<void> {
    if (!data.planItemId) return;
    const known = await manager.getRepository(FulfillingEventEntity).findOneBy({ eventId: data.eventId });
    if (known?.state === 'CANCELLED') return;
    await manager
      .getRepository(FulfillingEventEntity)
      .upsert({ eventId: data.eventId, planItemId: data.planItemId, state: 'HELD' }, ['eventId']);
    const found = await this.lockedItem(manager, data.planItemId, false);
    if (!found || found.item.state !== 'PLANNED') return;
    await this.fulfil(
      manager,
      found.plan,
      found.item,
      'EVENT',
      data.eventId,
      data.startsAt.slice(0, 10),
      systemActor('events'),
    );
  }

  /** `events.event.cancelled`: an item that event fulfilled is planned again. */
  async eventCancelled(manager: EntityManager, data: EventData<'events.event.cancelled'>): Promise<void> {
    if (!data.planItemId) return;
    await manager
      .getRepository(FulfillingEventEntity)
      .upsert({ eventId: data.eventId, planItemId: data.planItemId, state: 'CANCELLED' }, ['eventId']);
    const found = await this.lockedItem(manager, data.planItemId, false);
    if (!found || found.item.state !== 'DONE' || found.item.eventId !== data.eventId) return;
    const { plan, item } = found;
    item.state = 'PLANNED';
    item.fulfilledBy = null;
    item.eventId = null;
    item.doneOn = null;
    await manager.getRepository(PlanItemEntity).save(item);
    const actor = systemActor('events');
    await this.announce(manager, plan, actor, 'agreements.plan-item.reopened', {
      planItemId: item.id,
      planId: plan.id,
      organizationId: plan.organizationId,
      municipalityId: plan.municipalityId,
      eventId: data.eventId,
    });
    await this.audit(manager, plan, 'ITEM_REOPENED', actor, { itemId: item.id, eventId: data.eventId });
  }

  private async fulfil(
    manager: EntityManager,
    plan: ActivityPlanEntity,
    item: PlanItemEntity,
    by: 'EVENT' | 'MANUAL',
    eventId: string | null,
    doneOn: string,
    actor: Actor,
  ): Promise<void> {
    item.state = 'DONE';
    item.fulfilledBy = by;
    item.eventId = eventId;
    item.doneOn = doneOn;
    await manager.getRepository(PlanItemEntity).save(item);
    await this.announce(manager, plan, actor, 'agreements.plan-item.done', {
      planItemId: item.id,
      planId: plan.id,
      organizationId: plan.organizationId,
      municipalityId: plan.municipalityId,
      activityKind: item.activityKind,
      doneOn,
      fulfilledBy: by,
      eventId,
    });
    await this.audit(manager, plan, 'ITEM_DONE', actor, {
      itemId: item.id,
      fulfilledBy: by,
      eventId,
      doneOn,
    });
  }

  /**
   * Who may return or agree: a methodologist (not a school, not an authority) whose token names
   * its methodological centre, with `approve` over the plan's territory (000 §3.4, §3.5.1). The
   * policy (checked by the resolver) refuses a methodologist of another municipality; the centre
   * must be a methodological centre of the plan's region in the registry.
   */
  private async agreeingCentre(
    manager: EntityManager,
    plan: ActivityPlanEntity,
    principal: Principal,
  ): Promise<string> {
    if (principal.role !== 'METHODOLOGIST' || !principal.organizationId)
      throw new AuthError(
        'FORBIDDEN',
        'План согласует методист методического центра своей территории (000 §3.4, §3.5.1)',
        'input.planId',
      );
    const centre = await new RegistryProjection(manager).organization(principal.organizationId);
    if (!centre || centre.kind !== 'METHODOLOGICAL_CENTER' || centre.regionId !== plan.regionId)
      throw new PlanError(
        'PLAN_AGREER_NOT_CENTRE',
        'Организация методиста — не методический центр региона плана (000 §3.4)',
        'input.planId',
      );
    return centre.id;
  }

  private async decide(
    manager: EntityManager,
    plan: ActivityPlanEntity,
    state: 'RETURNED' | 'AGREED',
    centreId: string,
    comments: string | null,
    actor: Actor,
  ): Promise<void> {
    await manager.getRepository(PlanVersionEntity).update(
      { planId: plan.id, version: plan.version },
      {
        state,
        decidedAt: new Date(),
        decidedBy: actor.subject,
        decidedByOrganizationId: centreId,
        comments,
      },
    );
  }

  private checkedItem(plan: ActivityPlanEntity, fields: Omit<AddPlanItemInput, 'planId'>) {
    const plannedOn = fields.plannedMonthOnly ? `${fields.plannedOn.slice(0, 7)}-01` : fields.plannedOn;
    const last = fields.plannedMonthOnly ? lastDayOfMonth(plannedOn) : plannedOn;
    if (last < plan.periodFrom || plannedOn > plan.periodTo)
      throw new PlanError(
        'PLAN_ITEM_OUTSIDE_PERIOD',
        `Мероприятие вне периода плана (${plan.periodFrom} — ${plan.periodTo})`,
        'input.plannedOn',
      );
    return { ...fields, plannedOn };
  }

  private checkEditable(plan: ActivityPlanEntity, field: string): void {
    if (!editable.includes(plan.state))
      throw new PlanError(
        'PLAN_NOT_EDITABLE',
        plan.state === 'AGREED'
          ? 'Согласованный план меняется только новой редакцией'
          : 'План на согласовании не меняется, пока центр не вернёт его',
        field,
      );
  }

  private transition(plan: ActivityPlanEntity, verb: string): PlanError {
    return new PlanError(
      'PLAN_TRANSITION_NOT_ALLOWED',
      `План в состоянии «${stateTitles[plan.state]}» нельзя ${verb}`,
      'input.planId',
    );
  }

  private async lockedPlan(manager: EntityManager, id: string, field: string): Promise<ActivityPlanEntity> {
    const plan = await manager
      .getRepository(ActivityPlanEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!plan) throw new PlanError('PLAN_NOT_FOUND', 'План не найден', field);
    return plan;
  }

  private async lockedItem(
    manager: EntityManager,
    itemId: string,
  ): Promise<{ plan: ActivityPlanEntity; item: PlanItemEntity }>;
  private async lockedItem(
    manager: EntityManager,
    itemId: string,
    required: false,
  ): Promise<{ plan: ActivityPlanEntity; item: PlanItemEntity } | null>;
  private async lockedItem(manager: EntityManager, itemId: string, required = true) {
    const found = await manager.getRepository(PlanItemEntity).findOneBy({ id: itemId });
    if (!found) {
      if (!required) return null;
      throw new PlanError('PLAN_ITEM_NOT_FOUND', 'Мероприятие плана не найдено', 'input.itemId');
    }
    const plan = await this.lockedPlan(manager, found.planId, 'input.itemId');
    const item = await manager.getRepository(PlanItemEntity).findOneByOrFail({ id: itemId });
    return { plan, item };
  }

  private items(manager: EntityManager, planId: string): Promise<PlanItemEntity[]> {
    return manager
      .getRepository(PlanItemEntity)
      .find({ where: { planId }, order: { plannedOn: 'ASC', id: 'ASC' } });
  }

  /** Plan events are keyed by the plan's organization, like its agreements' (decision §51). */
  private announce<
    T extends
      | 'agreements.plan.submitted'
      | 'agreements.plan.returned'
      | 'agreements.plan.agreed'
      | 'agreements.plan-item.done'
      | 'agreements.plan-item.cancelled'
      | 'agreements.plan-item.reopened',
  >(
    manager: EntityManager,
    plan: ActivityPlanEntity,
    actor: Actor,
    type: T,
    data: EventData<T>,
  ): Promise<void> {
    return announce(manager, actor, {
      type,
      subject: plan.organizationId,
      regionCode: plan.regionCode,
      data,
    } as Announcement<T>);
  }

  private audit(
    manager: EntityManager,
    plan: ActivityPlanEntity,
    action: string,
    actor: Actor,
    changes: Record<string, unknown>,
    reason: string | null = null,
  ): Promise<void> {
    return recordAudit(manager, {
      organizationId: plan.organizationId,
      entityType: 'PLAN',
      entityId: plan.id,
      action,
      actor,
      reason,
      changes,
    });
  }
}

function header(plan: ActivityPlanEntity) {
  return {
    planId: plan.id,
    version: plan.version,
    ownerKind: plan.ownerKind,
    ownerId: plan.ownerId,
    organizationId: plan.organizationId,
    municipalityId: plan.municipalityId,
    periodFrom: plan.periodFrom,
    periodTo: plan.periodTo,
  };
}

function snapshot(item: PlanItemEntity): PlanItemSnapshot {
  return {
    id: item.id,
    activityKind: item.activityKind,
    topic: item.topic,
    subject: item.subject,
    audience: item.audience,
    plannedOn: item.plannedOn,
    plannedMonthOnly: item.plannedMonthOnly,
    frequency: item.frequency,
    durationHours: item.durationHours,
    responsible: item.responsible,
  };
}

const stateTitles: Record<PlanState, string> = {
  DRAFT: 'черновик',
  SUBMITTED: 'на согласовании',
  RETURNED: 'возвращён на доработку',
  AGREED: 'согласован',
};
