import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { inTransaction } from '@opora/database';
import type { EventData } from '@opora/event-contracts';

import { systemActor } from '@opora/service-kit';
import { announce } from '@opora/service-kit';
import { recordAudit } from '@opora/service-kit';
import { ProgrammeEntity } from '../programme/programme.entity';
import { regionCodeOf } from '../region/region-access';
import { RegionEntity } from '../region/region.entity';
import { eachRegionsOwnToday } from './status-clock';
import type { Today } from './status-clock';
import { StatusAssignmentEntity } from './status.entity';
import { nextDay } from './status.rules';
import type { StatusService } from './status.service';

const BATCH = 200;

/** Today in each region's own zone, unless a date is forced (tests, back-filling). */
const todayIn = (alias: string) =>
  `coalesce(cast(:today as date), (now() at time zone ${alias}.time_zone)::date)`;

/**
 * Up to BATCH active rows of `entity` (alias `alias`, its region joined as `r`) meeting `due`,
 * locked for this transaction; rows another instance holds are skipped, not waited for.
 */
function lockDue<Entity extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<Entity>,
  alias: string,
  due: string,
  today: string | null,
): Promise<Entity[]> {
  return manager
    .getRepository(entity)
    .createQueryBuilder(alias)
    .innerJoin(RegionEntity, 'r', `r.id = ${alias}.region_id`)
    .where(`${alias}.state = 'ACTIVE' and ${due}`, { today })
    .setLock('pessimistic_write', undefined, [alias])
    .setOnLocked('skip_locked')
    .limit(BATCH)
    .getMany();
}

/**
 * What ends statuses without a user's act: the passing of a programme (000 §4.4) or of a period,
 * and the end of a partnership agreement (002 §4.3). Every end goes through StatusService.end,
 * which ends a row only while it is still ACTIVE: two scheduler instances, or a message delivered
 * twice, end it and announce `registry.status.ended` exactly once. Rows are taken FOR UPDATE SKIP
 * LOCKED, so instances share the work instead of waiting on each other.
 */
export class StatusLifecycle {
  private readonly actor = systemActor('scheduler');

  constructor(
    private readonly dataSource: DataSource,
    private readonly statuses: StatusService,
    private readonly today: Today = eachRegionsOwnToday,
  ) {}

  /** Ends everything that is due; returns how many programmes and statuses this call ended. */
  async runDue(options: { today?: string } = {}): Promise<{ programmes: number; statuses: number }> {
    const today = options.today ?? this.today();
    const total = { programmes: 0, statuses: 0 };
    // Programmes first: their statuses end with the programme's reason, not PERIOD_EXPIRED.
    for (const step of [this.endDueProgrammes, this.endExpiredStatuses]) {
      for (;;) {
        const ended = await inTransaction(this.dataSource, (manager) => step.call(this, manager, today));
        total.programmes += ended.programmes;
        total.statuses += ended.statuses;
        if (ended.found < BATCH) break;
      }
    }
    return total;
  }

  /** The programme has run its course: it ends, and so do the statuses tied to it (000 §4.4). */
  private async endDueProgrammes(manager: EntityManager, today: string | null) {
    const due = await lockDue(manager, ProgrammeEntity, 'p', `p.ends_on < ${todayIn('r')}`, today);
    let statuses = 0;
    for (const programme of due) {
      const endedOn = nextDay(programme.endsOn);
      await manager.update(ProgrammeEntity, { id: programme.id }, { state: 'ENDED', endedOn });
      const tied = await manager
        .getRepository(StatusAssignmentEntity)
        .createQueryBuilder('s')
        .where(`s.programme_id = :id and s.state = 'ACTIVE'`, { id: programme.id })
        .setLock('pessimistic_write')
        .getMany();
      const endedStatusIds: string[] = [];
      for (const status of tied) {
        const periodEndsFirst = status.validTo !== null && status.validTo < programme.endsOn;
        const ended = await this.statuses.end(
          manager,
          status,
          periodEndsFirst ? 'PERIOD_EXPIRED' : 'PROGRAMME_ENDED',
          periodEndsFirst && status.validTo ? nextDay(status.validTo) : endedOn,
          null,
          this.actor,
        );
        if (ended.state === 'ENDED') endedStatusIds.push(status.id);
      }
      statuses += endedStatusIds.length;
      await announce(manager, this.actor, {
        regionCode: await regionCodeOf(manager, programme.regionId),
        type: 'registry.programme.ended',
        subject: programme.id,
        data: { programmeId: programme.id, endedOn, endingOrderId: null, endedStatusIds },
      });
      await recordAudit(manager, {
        organizationId: programme.ownerId,
        entityType: 'PROGRAMME',
        entityId: programme.id,
        action: 'ENDED',
        actor: this.actor,
        changes: { endedOn, endedStatusIds },
      });
    }
    return { found: due.length, programmes: due.length, statuses };
  }

  /** The status's own period has passed (validTo is its last day). */
  private async endExpiredStatuses(manager: EntityManager, today: string | null) {
    const due = await lockDue(
      manager,
      StatusAssignmentEntity,
      's',
      // A status of a programme that is itself due is ended by the programme step, with its reason.
      `s.valid_to < ${todayIn('r')} and not exists (select 1 from programme p where p.id = s.programme_id
         and p.state = 'ACTIVE' and p.ends_on < ${todayIn('r')} and p.ends_on <= s.valid_to)`,
      today,
    );
    let statuses = 0;
    for (const status of due) {
      const ended = await this.statuses.end(
        manager,
        status,
        'PERIOD_EXPIRED',
        nextDay(status.validTo as string),
        null,
        this.actor,
      );
      if (ended.state === 'ENDED') statuses += 1;
    }
    return { found: due.length, programmes: 0, statuses };
  }

  /**
   * A partnership agreement was concluded: it binds to the leader's LEADER_SCHOOL status. If the
   * agreement's end arrived first (messages out of order), the status ends now.
   */
  async agreementConcluded(
    manager: EntityManager,
    data: EventData<'agreements.agreement.concluded'>,
  ): Promise<void> {
    await manager.query(
      `insert into agreement_binding (agreement_id, leader_organization_id, valid_from)
       values ($1, $2, $3)
       on conflict (agreement_id) do update
         set leader_organization_id = excluded.leader_organization_id, valid_from = excluded.valid_from, updated_at = now()`,
      [data.agreementId, data.leaderOrganizationId, data.validFrom],
    );
    await manager.query(
      `update agreement_binding b set status_assignment_id = (
         select s.id from status_assignment s
          where s.organization_id = b.leader_organization_id and s.kind = 'LEADER_SCHOOL' and s.state <> 'SUPERSEDED'
          order by (s.held @> b.valid_from) desc, s.valid_from desc limit 1)
        where b.agreement_id = $1 and b.status_assignment_id is null`,
      [data.agreementId],
    );
    await this.endLeaderStatusIfAgreementsEnded(manager, data.agreementId);
  }

  /** The agreement ended: the leader status bound to it ends with it (002 §4.3). */
  async agreementEnded(manager: EntityManager, data: EventData<'agreements.agreement.ended'>): Promise<void> {
    await manager.query(
      `insert into agreement_binding (agreement_id, leader_organization_id, ended_on)
       values ($1, $2, $3)
       on conflict (agreement_id) do update set ended_on = excluded.ended_on, updated_at = now()`,
      [data.agreementId, data.leaderOrganizationId, data.endedOn],
    );
    await this.endLeaderStatusIfAgreementsEnded(manager, data.agreementId);
  }

  /**
   * Ends the status bound to this agreement once none of its agreements runs any more (a leader
   * working with several supported schools stays a leader while one agreement still runs).
   */
  private async endLeaderStatusIfAgreementsEnded(manager: EntityManager, agreementId: string): Promise<void> {
    const rows = (await manager.query(
      `select b.status_assignment_id as "statusId",
              max(o.ended_on)::text as "endedOn",
              bool_and(o.ended_on is not null) as "allEnded"
         from agreement_binding b
         join agreement_binding o on o.status_assignment_id = b.status_assignment_id
        where b.agreement_id = $1 and b.status_assignment_id is not null
        group by b.status_assignment_id`,
      [agreementId],
    )) as { statusId: string; endedOn: string | null; allEnded: boolean }[];
    const bound = rows[0];
    if (!bound?.allEnded || !bound.endedOn) return;
    const status = await manager
      .getRepository(StatusAssignmentEntity)
      .findOne({ where: { id: bound.statusId }, lock: { mode: 'pessimistic_write' } });
    if (!status || status.state !== 'ACTIVE') return;
    const endedOn = bound.endedOn < status.validFrom ? status.validFrom : bound.endedOn;
    await this.statuses.end(manager, status, 'AGREEMENT_ENDED', endedOn, null, systemActor('agreements'));
  }
}
