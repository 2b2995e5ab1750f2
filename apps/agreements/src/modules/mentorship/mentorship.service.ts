import { randomUUID } from 'node:crypto';

import type { DataSource } from 'typeorm';
import { inTransaction } from '@opora/database';
import { announce, recordAudit } from '@opora/service-kit';
import type { Actor } from '@opora/service-kit';

import { AgreementEntity } from '../agreement/agreement.entity';
import { MentorshipEntity } from './mentorship.entity';
import { MentorshipError } from './mentorship.errors';
import type { StartMentorshipInput } from './mentorship.inputs';

/**
 * Tutors of the leader school accompany teachers of the supported school under a concluded
 * agreement (000 §5.3, §3.1; 002 §2.2.6, §3.2.2). Events carry no names (personal data stays here).
 */
export class MentorshipService {
  constructor(private readonly dataSource: DataSource) {}

  start(input: StartMentorshipInput, actor: Actor): Promise<MentorshipEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const agreement = await manager.getRepository(AgreementEntity).findOneBy({ id: input.agreementId });
      if (!agreement || agreement.state !== 'CONCLUDED')
        throw new MentorshipError(
          'MENTORSHIP_AGREEMENT_NOT_CONCLUDED',
          'Наставничество ведётся по заключённому соглашению',
          'input.agreementId',
        );
      if (!agreement.partnerOrganizationIds.includes(input.menteeOrganizationId))
        throw new MentorshipError(
          'MENTEE_NOT_PARTY',
          'Педагог должен работать в поддерживаемой школе этого соглашения',
          'input.menteeOrganizationId',
        );
      const to = input.validTo ?? agreement.validTo;
      if (input.validFrom < agreement.validFrom || to > agreement.validTo || to < input.validFrom)
        throw new MentorshipError(
          'MENTORSHIP_PERIOD_INVALID',
          `Срок наставничества — в пределах срока соглашения (${agreement.validFrom} — ${agreement.validTo})`,
          'input.validFrom',
        );
      const repository = manager.getRepository(MentorshipEntity);
      const mentorship = await repository.save(
        repository.create({
          id: randomUUID(),
          agreementId: agreement.id,
          tutorOrganizationId: agreement.leaderOrganizationId,
          tutorName: input.tutorName,
          menteeOrganizationId: input.menteeOrganizationId,
          menteeName: input.menteeName,
          subject: input.subject,
          goals: input.goals,
          validFrom: input.validFrom,
          validTo: to,
          state: 'ACTIVE',
          endedOn: null,
          municipalityId: agreement.municipalityId,
          regionCode: agreement.regionCode,
          createdBy: actor.subject,
        }),
      );
      await announce(manager, actor, {
        type: 'agreements.mentorship.started',
        subject: agreement.leaderOrganizationId,
        regionCode: agreement.regionCode,
        data: {
          mentorshipId: mentorship.id,
          agreementId: agreement.id,
          tutorOrganizationId: mentorship.tutorOrganizationId,
          menteeOrganizationId: mentorship.menteeOrganizationId,
          municipalityId: mentorship.municipalityId,
          subject: mentorship.subject,
          startedOn: mentorship.validFrom,
        },
      });
      await recordAudit(manager, {
        organizationId: mentorship.tutorOrganizationId,
        entityType: 'MENTORSHIP',
        entityId: mentorship.id,
        action: 'STARTED',
        actor,
        changes: { agreementId: agreement.id, menteeOrganizationId: input.menteeOrganizationId },
      });
      return mentorship;
    });
  }

  end(id: string, endedOn: string, actor: Actor): Promise<MentorshipEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const mentorship = await manager
        .getRepository(MentorshipEntity)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!mentorship)
        throw new MentorshipError('MENTORSHIP_NOT_FOUND', 'Наставничество не найдено', 'input.id');
      if (mentorship.state !== 'ACTIVE')
        throw new MentorshipError(
          'MENTORSHIP_TRANSITION_NOT_ALLOWED',
          'Наставничество уже завершено',
          'input.id',
        );
      if (endedOn < mentorship.validFrom)
        throw new MentorshipError(
          'MENTORSHIP_PERIOD_INVALID',
          'Дата окончания раньше начала наставничества',
          'input.endedOn',
        );
      mentorship.state = 'ENDED';
      mentorship.endedOn = endedOn;
      await manager.getRepository(MentorshipEntity).save(mentorship);
      await announce(manager, actor, {
        type: 'agreements.mentorship.ended',
        subject: mentorship.tutorOrganizationId,
        regionCode: mentorship.regionCode,
        data: {
          mentorshipId: mentorship.id,
          tutorOrganizationId: mentorship.tutorOrganizationId,
          menteeOrganizationId: mentorship.menteeOrganizationId,
          municipalityId: mentorship.municipalityId,
          endedOn,
        },
      });
      await recordAudit(manager, {
        organizationId: mentorship.tutorOrganizationId,
        entityType: 'MENTORSHIP',
        entityId: mentorship.id,
        action: 'ENDED',
        actor,
        changes: { endedOn },
      });
      return mentorship;
    });
  }
}
