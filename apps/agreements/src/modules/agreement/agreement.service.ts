import { randomUUID } from 'node:crypto';

import type { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '@opora/database';
import type { EventData, StatusKind } from '@opora/event-contracts';
import { RegistryProjection } from '@opora/registry-projection';
import type { ProjectedOrganization } from '@opora/registry-projection';
import { announce, recordAudit, systemActor } from '@opora/service-kit';
import type { Actor } from '@opora/service-kit';
import { paginate } from '@opora/subgraph-server';
import type { Connection, PageArgs } from '@opora/subgraph-server';

import { addDays, maxDay } from '../../shared/dates';
import { AgreementEntity } from './agreement.entity';
import type { AgreementState } from './agreement.entity';
import { AgreementError } from './agreement.errors';
import type {
  AgreementsFilter,
  CompleteAgreementInput,
  DraftAgreementInput,
  TerminateAgreementInput,
} from './agreement.inputs';

/** Statuses that make a school a leader side (002 §4.1; 000 §3.4). */
export const leaderStatusKinds: readonly StatusKind[] = ['LEADER_SCHOOL', 'TRAINING_SITE'];
/** Statuses that make a school a supported side (002 §4.2). */
export const supportedStatusKinds: readonly StatusKind[] = ['LOW_RESULTS', 'UNFAVOURABLE_CONDITIONS'];

const statusTitles = 'статус школы-лидера или стажировочной площадки';

/**
 * Partnership agreements: draft, conclude, complete, terminate (002 §4.1–4.3). Every rule reads
 * the service's own projection of the registry (statuses on the agreement's dates, places), never
 * the registry itself. Every event of one leader's agreements is keyed by the leader organization
 * (docs/decisions.md §51), so the registry reads them in the order they happened.
 */
export class AgreementService {
  constructor(private readonly dataSource: DataSource) {}

  /** Agreements of a region or municipality by start date, within the caller's scope. */
  list(
    filter: AgreementsFilter,
    page: PageArgs,
    scope: { sql: string; params: Record<string, string> } | null,
  ): Promise<Connection<AgreementEntity>> {
    const query = this.dataSource.getRepository(AgreementEntity).createQueryBuilder('a').where('true');
    if (scope) query.andWhere(scope.sql, scope.params);
    if (filter.regionCode) query.andWhere('a.region_code = :regionCode', { regionCode: filter.regionCode });
    if (filter.municipalityId)
      query.andWhere('a.municipality_id = :municipalityId', { municipalityId: filter.municipalityId });
    if (filter.state) query.andWhere('a.state = :state', { state: filter.state });
    if (filter.activeOn)
      query.andWhere(
        `a.state <> 'DRAFT' and a.valid_from <= :activeOn and a.valid_to >= :activeOn
         and (a.ended_on is null or a.ended_on > :activeOn)`,
        { activeOn: filter.activeOn },
      );
    if (filter.subject) query.andWhere(':subject = any(a.subjects)', { subject: filter.subject });
    if (filter.direction) query.andWhere(':direction = any(a.directions)', { direction: filter.direction });
    return paginate(query, page, { column: 'a.valid_from', value: (a) => a.validFrom });
  }

  draft(input: DraftAgreementInput, actor: Actor): Promise<AgreementEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const partnerIds = [...new Set(input.partnerOrganizationIds)];
      const terms = { ...input, partnerOrganizationIds: partnerIds };
      const leader = await this.checkParties(manager, terms, null);
      const repository = manager.getRepository(AgreementEntity);
      const agreement = await repository.save(
        repository.create({
          id: randomUUID(),
          number: input.number,
          signedOn: input.signedOn,
          validFrom: input.validFrom,
          validTo: input.validTo,
          leaderOrganizationId: leader.organization.id,
          partnerOrganizationIds: partnerIds,
          municipalityId: leader.organization.municipalityId,
          regionId: leader.organization.regionId,
          regionCode: leader.regionCode,
          directions: input.directions,
          subjects: input.subjects,
          goals: input.goals,
          leaderResponsible: input.leaderResponsible,
          partnerResponsible: input.partnerResponsible,
          state: 'DRAFT',
          concludedAt: null,
          endedOn: null,
          endReason: null,
          endedBy: null,
          createdBy: actor.subject,
        }),
      );
      await this.audit(manager, agreement, 'DRAFTED', actor, { ...input });
      return agreement;
    });
  }

  /** The parties signed: checked again on today's projection, then announced (002 §4.2). */
  conclude(id: string, actor: Actor): Promise<AgreementEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const agreement = await this.lockedInState(manager, id, ['DRAFT'], 'заключить');
      await this.checkParties(manager, agreement, agreement.id);
      agreement.state = 'CONCLUDED';
      agreement.concludedAt = new Date();
      await manager.getRepository(AgreementEntity).save(agreement);
      await announce(manager, actor, {
        type: 'agreements.agreement.concluded',
        subject: agreement.leaderOrganizationId,
        regionCode: agreement.regionCode,
        data: {
          agreementId: agreement.id,
          leaderOrganizationId: agreement.leaderOrganizationId,
          partnerOrganizationId: agreement.partnerOrganizationIds[0],
          partnerOrganizationIds: agreement.partnerOrganizationIds,
          municipalityId: agreement.municipalityId,
          validFrom: agreement.validFrom,
          validTo: agreement.validTo,
        },
      });
      await this.audit(manager, agreement, 'CONCLUDED', actor, {});
      return agreement;
    });
  }

  /** The agreement ran its course; the registry ends the bound leader status (002 §4.3). */
  complete(input: CompleteAgreementInput, actor: Actor): Promise<AgreementEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const agreement = await this.lockedInState(manager, input.id, ['CONCLUDED'], 'завершить');
      const endedOn = input.endedOn ?? addDays(agreement.validTo, 1);
      this.checkEndDate(agreement, endedOn);
      return this.end(manager, agreement, 'COMPLETED', endedOn, null, actor);
    });
  }

  /** The agreement is ended early, with its reason (002 §4.3). */
  terminate(input: TerminateAgreementInput, actor: Actor): Promise<AgreementEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const agreement = await this.lockedInState(manager, input.id, ['CONCLUDED'], 'расторгнуть');
      this.checkEndDate(agreement, input.endedOn);
      return this.end(manager, agreement, 'TERMINATED', input.endedOn, input.reason, actor);
    });
  }

  /**
   * A party's status ended in the registry (docs/decisions.md §53): a concluded agreement whose
   * leader no longer holds a leader status, or none of whose supported schools holds a supported
   * status any more, is terminated from that day, and announced like any termination. An end the
   * agreements service caused itself (AGREEMENT_ENDED) changes nothing.
   */
  async partyStatusEnded(manager: EntityManager, data: EventData<'registry.status.ended'>): Promise<void> {
    if (data.reason === 'AGREEMENT_ENDED') return;
    const projection = new RegistryProjection(manager);
    const history = await projection.statusHistory(data.organizationId);
    const status = history.find((s) => s.id === data.statusId);
    if (!status) return;
    const asLeader = leaderStatusKinds.includes(status.kind);
    const asPartner = supportedStatusKinds.includes(status.kind);
    if (!asLeader && !asPartner) return;
    const candidates = await manager
      .getRepository(AgreementEntity)
      .createQueryBuilder('a')
      .setLock('pessimistic_write')
      .where(`a.state = 'CONCLUDED'`)
      .andWhere('a.valid_to >= :endedOn', { endedOn: data.endedOn })
      .andWhere(
        asLeader
          ? 'a.leader_organization_id = :organizationId'
          : ':organizationId = any(a.partner_organization_ids)',
        { organizationId: data.organizationId },
      )
      .orderBy('a.valid_from', 'ASC')
      .getMany();
    const actor = systemActor('registry-projection');
    for (const agreement of candidates) {
      const from = maxDay(data.endedOn, agreement.validFrom);
      const stillHeld = async (organizationId: string, kinds: readonly StatusKind[]) =>
        (await projection.statusesHeldThroughout(organizationId, from, agreement.validTo, kinds)).length > 0;
      let reason: string | null = null;
      if (asLeader && !(await stillHeld(agreement.leaderOrganizationId, leaderStatusKinds)))
        reason = 'Статус школы-лидера прекращён в реестре до окончания соглашения';
      if (asPartner) {
        let anyHeld = false;
        for (const partner of agreement.partnerOrganizationIds)
          if (await stillHeld(partner, supportedStatusKinds)) anyHeld = true;
        if (!anyHeld) reason = 'Поддерживаемая школа исключена из перечня (статус прекращён в реестре)';
      }
      if (reason) await this.end(manager, agreement, 'TERMINATED', from, reason, actor);
    }
  }

  private async end(
    manager: EntityManager,
    agreement: AgreementEntity,
    state: 'COMPLETED' | 'TERMINATED',
    endedOn: string,
    reason: string | null,
    actor: Actor,
  ): Promise<AgreementEntity> {
    agreement.state = state;
    agreement.endedOn = endedOn;
    agreement.endReason = reason;
    agreement.endedBy = actor.subject;
    await manager.getRepository(AgreementEntity).save(agreement);
    const data = {
      agreementId: agreement.id,
      leaderOrganizationId: agreement.leaderOrganizationId,
      endedOn,
      partnerOrganizationIds: agreement.partnerOrganizationIds,
      municipalityId: agreement.municipalityId,
    };
    const envelope = { subject: agreement.leaderOrganizationId, regionCode: agreement.regionCode };
    if (state === 'COMPLETED')
      await announce(manager, actor, { ...envelope, type: 'agreements.agreement.completed', data });
    else
      await announce(manager, actor, {
        ...envelope,
        type: 'agreements.agreement.terminated',
        data: { ...data, reason: reason ?? '' },
      });
    await this.audit(manager, agreement, state, actor, { endedOn }, reason);
    return agreement;
  }

  private checkEndDate(agreement: AgreementEntity, endedOn: string): void {
    if (endedOn < agreement.validFrom || endedOn > addDays(agreement.validTo, 1))
      throw new AgreementError(
        'AGREEMENT_END_DATE_INVALID',
        `Дата окончания должна быть в пределах срока соглашения (${agreement.validFrom} — ${addDays(agreement.validTo, 1)})`,
        'input.endedOn',
      );
  }

  private async lockedInState(
    manager: EntityManager,
    id: string,
    states: AgreementState[],
    verb: string,
  ): Promise<AgreementEntity> {
    const agreement = await manager
      .getRepository(AgreementEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!agreement) throw new AgreementError('AGREEMENT_NOT_FOUND', 'Соглашение не найдено', 'input.id');
    if (!states.includes(agreement.state))
      throw new AgreementError(
        'AGREEMENT_TRANSITION_NOT_ALLOWED',
        `Соглашение в состоянии «${stateTitles[agreement.state]}» нельзя ${verb}`,
        'input.id',
      );
    return agreement;
  }

  /**
   * The rules on the parties (checked at draft and again at conclusion): the agreement is not
   * with itself, both parties are known and in one municipality (002 §4.2), the leader holds a
   * leader status and each supported school a supported status on every day of the period, and no
   * agreement of the same pair overlaps it.
   */
  private async checkParties(
    manager: EntityManager,
    terms: Pick<AgreementEntity, 'validFrom' | 'validTo' | 'leaderOrganizationId' | 'partnerOrganizationIds'>,
    selfId: string | null,
  ): Promise<{ organization: ProjectedOrganization; regionCode: string }> {
    if (terms.validTo < terms.validFrom)
      throw new AgreementError(
        'AGREEMENT_PERIOD_INVALID',
        'Окончание срока соглашения раньше его начала',
        'input.validTo',
      );
    const self = terms.partnerOrganizationIds.indexOf(terms.leaderOrganizationId);
    if (self >= 0)
      throw new AgreementError(
        'AGREEMENT_WITH_ITSELF',
        'Школа не может заключить соглашение сама с собой',
        `input.partnerOrganizationIds.${self}`,
      );
    // Agreements of one leader are checked one at a time (the overlap rule reads them).
    await manager.query('select pg_advisory_xact_lock(hashtext($1))', [terms.leaderOrganizationId]);
    const projection = new RegistryProjection(manager);
    const leader = await projection.organization(terms.leaderOrganizationId);
    const leaderPlace = leader && (await projection.placeOf(leader.id));
    if (!leader || !leaderPlace?.regionCode)
      throw new AgreementError(
        'ORGANIZATION_NOT_FOUND',
        'Школа-лидер не найдена в реестре',
        'input.leaderOrganizationId',
      );
    const leaderStatuses = await projection.statusesHeldThroughout(
      leader.id,
      terms.validFrom,
      terms.validTo,
      leaderStatusKinds,
    );
    if (leaderStatuses.length === 0)
      throw new AgreementError(
        'LEADER_STATUS_MISSING',
        `Организация не имеет статуса (${statusTitles}) на весь срок соглашения ${terms.validFrom} — ${terms.validTo}`,
        'input.leaderOrganizationId',
      );
    const partners = new Map(
      (await projection.organizations(terms.partnerOrganizationIds)).map((o) => [o.id, o]),
    );
    for (const [index, partnerId] of terms.partnerOrganizationIds.entries()) {
      const field = `input.partnerOrganizationIds.${index}`;
      const partner = partners.get(partnerId);
      if (!partner)
        throw new AgreementError(
          'ORGANIZATION_NOT_FOUND',
          'Поддерживаемая школа не найдена в реестре',
          field,
        );
      if (partner.municipalityId !== leader.municipalityId)
        throw new AgreementError(
          'MUNICIPALITY_MISMATCH',
          'Школа-лидер и поддерживаемая школа должны быть в одном муниципалитете (002 §4.2)',
          field,
        );
      const held = await projection.statusesHeldThroughout(
        partnerId,
        terms.validFrom,
        terms.validTo,
        supportedStatusKinds,
      );
      if (held.length === 0)
        throw new AgreementError(
          'PARTNER_STATUS_MISSING',
          `Школа не имеет статуса ШНОР или ШССУ на весь срок соглашения ${terms.validFrom} — ${terms.validTo}`,
          field,
        );
    }
    // Ended agreements count up to the day before they ended; drafts count too (a second draft
    // of the same pair for the same time is a duplicate).
    const overlapping: { id: string; number: string }[] = await manager.query(
      `select id, number from partnership_agreement
        where leader_organization_id = $1
          and partner_organization_ids && $2::uuid[]
          and ($5::uuid is null or id <> $5)
          and daterange(valid_from, coalesce(ended_on, valid_to + 1), '[)')
              && daterange($3::date, $4::date + 1, '[)')
        limit 1`,
      [terms.leaderOrganizationId, terms.partnerOrganizationIds, terms.validFrom, terms.validTo, selfId],
    );
    if (overlapping.length > 0)
      throw new AgreementError(
        'AGREEMENT_OVERLAPS',
        `Срок пересекается с соглашением № ${overlapping[0].number} тех же школ`,
        'input.validFrom',
      );
    return { organization: leader, regionCode: leaderPlace.regionCode };
  }

  private audit(
    manager: EntityManager,
    agreement: AgreementEntity,
    action: string,
    actor: Actor,
    changes: Record<string, unknown>,
    reason: string | null = null,
  ): Promise<void> {
    return recordAudit(manager, {
      organizationId: agreement.leaderOrganizationId,
      entityType: 'AGREEMENT',
      entityId: agreement.id,
      action,
      actor,
      reason,
      changes,
    });
  }
}

const stateTitles: Record<AgreementState, string> = {
  DRAFT: 'проект',
  CONCLUDED: 'заключено',
  COMPLETED: 'исполнено',
  TERMINATED: 'расторгнуто',
};
