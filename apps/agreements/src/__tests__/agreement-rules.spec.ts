import type { Principal } from '@opora/auth';
import { encodeEvent } from '@opora/messaging';
import { createIdempotentProducer } from '@opora/messaging';
import { eventually, graphql, testKafka } from '@opora/testing';

import { project, registryEvent, registryWorld } from './registry-world';
import { startTestAgreements } from './start-agreements';

/**
 * Partnership agreements (002 §4.1–4.3) against the service's projection of the registry. Every
 * refusal is checked for its code, its field, a Russian message, no row and no event.
 */
let agreements: Awaited<ReturnType<typeof startTestAgreements>>;
const world = registryWorld();

const leaderStaff: Principal = {
  subject: 'leader-staff',
  role: 'SCHOOL_STAFF',
  regionCode: '23',
  municipalityId: world.pavlovsky,
  organizationId: world.leader,
};

const DRAFT = /* GraphQL */ `
  mutation ($input: DraftAgreementInput!) {
    draftAgreement(input: $input) {
      id
      state
      number
      leader {
        id
      }
      partners {
        id
      }
      municipalityId
    }
  }
`;
const CONCLUDE = /* GraphQL */ `
  mutation ($id: UUID!) {
    concludeAgreement(input: { id: $id }) {
      id
      state
    }
  }
`;
const TERMINATE = /* GraphQL */ `
  mutation ($input: TerminateAgreementInput!) {
    terminateAgreement(input: $input) {
      id
      state
      endedOn
      endReason
    }
  }
`;
const COMPLETE = /* GraphQL */ `
  mutation ($input: CompleteAgreementInput!) {
    completeAgreement(input: $input) {
      id
      state
      endedOn
    }
  }
`;

const terms = (overrides: Record<string, unknown> = {}) => ({
  number: `С-${Math.floor(Math.random() * 1e6)}`,
  signedOn: '2021-09-01',
  validFrom: '2021-09-01',
  validTo: '2022-08-31',
  leaderOrganizationId: world.leader,
  partnerOrganizationIds: [world.shnor],
  directions: ['MANAGEMENT', 'SUBJECT_TEACHING'],
  subjects: ['Математика'],
  goals: 'Повышение образовательных результатов',
  leaderResponsible: 'Иванова Мария Петровна',
  partnerResponsible: 'Петров Иван Сергеевич',
  ...overrides,
});

async function counts() {
  const [row] = (await agreements.service.dataSource.query(
    `select (select count(*) from partnership_agreement)::int as agreements,
            (select count(*) from outbox)::int as events,
            (select count(*) from audit_entry)::int as audit,
            (select count(*) from mentorship)::int as mentorships`,
  )) as Record<string, number>[];
  return row;
}

async function outboxEvents(type: string) {
  return (await agreements.service.dataSource.query(
    `select message_key as key, payload from outbox where event_type = $1 order by seq`,
    [type],
  )) as { key: string; payload: { subject: string; data: Record<string, unknown> } }[];
}

async function draft(overrides: Record<string, unknown> = {}) {
  const response = await graphql(agreements.url, DRAFT, { input: terms(overrides) }, {}, { as: leaderStaff });
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data!.draftAgreement as { id: string; state: string };
}

/** Asserts the mutation was refused with the code and field, in Russian, with nothing written. */
async function expectRefused(
  query: string,
  variables: Record<string, unknown>,
  code: string,
  field: string,
  as: Principal = leaderStaff,
) {
  const before = await counts();
  const response = await graphql(agreements.url, query, variables, {}, { as });
  expect(response.errors?.[0]?.extensions).toMatchObject({ code, field });
  expect(response.errors?.[0]?.message).toMatch(/[а-яё]/i);
  expect(await counts()).toEqual(before);
}

beforeAll(async () => {
  agreements = await startTestAgreements();
  await project(agreements.service.dataSource, world.events);
});
afterAll(() => agreements?.stop());

describe('002 §4.2: a leader concludes an agreement with a school of its municipality', () => {
  it('002 §4.2: drafted, then concluded; the concluded event is keyed by the leader and carries every supported school', async () => {
    const drafted = await draft({ partnerOrganizationIds: [world.shnor, world.shssu] });
    expect(drafted.state).toBe('DRAFT');
    expect(await outboxEvents('agreements.agreement.concluded')).toHaveLength(0);

    const concluded = await graphql(agreements.url, CONCLUDE, { id: drafted.id }, {}, { as: leaderStaff });
    expect(concluded.data?.concludeAgreement).toEqual({ id: drafted.id, state: 'CONCLUDED' });
    const [event] = (await outboxEvents('agreements.agreement.concluded')).filter(
      (e) => e.payload.data.agreementId === drafted.id,
    );
    expect(event.key).toBe(world.leader);
    expect(event.payload.data).toMatchObject({
      leaderOrganizationId: world.leader,
      partnerOrganizationId: world.shnor,
      partnerOrganizationIds: [world.shnor, world.shssu],
      municipalityId: world.pavlovsky,
      validFrom: '2021-09-01',
      validTo: '2022-08-31',
    });
  });

  it('002 §4.2: a ШНОР of another district is refused (MUNICIPALITY_MISMATCH on that school)', async () => {
    await expectRefused(
      DRAFT,
      { input: terms({ partnerOrganizationIds: [world.shnor2, world.foreignShnor] }) },
      'MUNICIPALITY_MISMATCH',
      'input.partnerOrganizationIds.1',
    );
  });

  it('002 §4.2: an agreement of a school with itself is refused', async () => {
    await expectRefused(
      DRAFT,
      { input: terms({ partnerOrganizationIds: [world.leader] }) },
      'AGREEMENT_WITH_ITSELF',
      'input.partnerOrganizationIds.0',
    );
  });

  it('002 §4.1: the leader must hold a leader status on every day of the agreement (its status starts 2021-03-04)', async () => {
    await expectRefused(
      DRAFT,
      { input: terms({ validFrom: '2021-02-01', partnerOrganizationIds: [world.shnor2] }) },
      'LEADER_STATUS_MISSING',
      'input.leaderOrganizationId',
    );
    await expectRefused(
      DRAFT,
      { input: terms({ validTo: '2024-06-30', partnerOrganizationIds: [world.shnor2] }) },
      'LEADER_STATUS_MISSING',
      'input.leaderOrganizationId',
    );
  });

  it('002 §4.2: the supported school must be a ШНОР or ШССУ on the agreement dates', async () => {
    await expectRefused(
      DRAFT,
      { input: terms({ partnerOrganizationIds: [world.plainSchool] }) },
      'PARTNER_STATUS_MISSING',
      'input.partnerOrganizationIds.0',
    );
  });

  it('002 §4.2: an agreement overlapping one of the same pair is refused; a later one is not', async () => {
    const first = await draft({
      partnerOrganizationIds: [world.shnor2],
      validFrom: '2021-09-01',
      validTo: '2022-05-31',
    });
    await expectRefused(
      DRAFT,
      {
        input: terms({
          partnerOrganizationIds: [world.shnor2],
          validFrom: '2022-05-31',
          validTo: '2022-12-31',
        }),
      },
      'AGREEMENT_OVERLAPS',
      'input.validFrom',
    );
    const later = await draft({
      partnerOrganizationIds: [world.shnor2],
      validFrom: '2022-06-01',
      validTo: '2022-12-31',
    });
    expect(later.state).toBe('DRAFT');
    expect(first.id).not.toBe(later.id);
  });

  it('bad input: a period ending before it starts, an unknown direction, a school not in the registry', async () => {
    await expectRefused(
      DRAFT,
      { input: terms({ validFrom: '2022-09-01', validTo: '2022-08-31' }) },
      'AGREEMENT_PERIOD_INVALID',
      'input.validTo',
    );
    await expectRefused(
      DRAFT,
      { input: terms({ partnerOrganizationIds: ['00000000-0000-4000-8000-000000000000'] }) },
      'ORGANIZATION_NOT_FOUND',
      'input.partnerOrganizationIds.0',
    );
    await expectRefused(
      DRAFT,
      { input: terms({ signedOn: '2021-13-01' }) },
      'BAD_USER_INPUT',
      'input.signedOn',
    );
  });
});

describe('002 §4.3: ending an agreement', () => {
  it('002 §4.3: terminated with its reason; the event is keyed by the leader; a terminated agreement is not concluded again', async () => {
    const drafted = await draft({
      partnerOrganizationIds: [world.shssu],
      validFrom: '2023-01-01',
      validTo: '2023-06-30',
    });
    await graphql(agreements.url, CONCLUDE, { id: drafted.id }, {}, { as: leaderStaff });
    const terminated = await graphql(
      agreements.url,
      TERMINATE,
      { input: { id: drafted.id, endedOn: '2023-03-01', reason: 'Школа вышла из перечня ШССУ' } },
      {},
      { as: leaderStaff },
    );
    expect(terminated.data?.terminateAgreement).toEqual({
      id: drafted.id,
      state: 'TERMINATED',
      endedOn: '2023-03-01',
      endReason: 'Школа вышла из перечня ШССУ',
    });
    const [event] = (await outboxEvents('agreements.agreement.terminated')).filter(
      (e) => e.payload.data.agreementId === drafted.id,
    );
    expect(event.key).toBe(world.leader);
    expect(event.payload.data).toMatchObject({
      endedOn: '2023-03-01',
      reason: 'Школа вышла из перечня ШССУ',
    });

    await expectRefused(CONCLUDE, { id: drafted.id }, 'AGREEMENT_TRANSITION_NOT_ALLOWED', 'input.id');
    await expectRefused(
      TERMINATE,
      { input: { id: drafted.id, endedOn: '2023-03-02', reason: 'ещё раз' } },
      'AGREEMENT_TRANSITION_NOT_ALLOWED',
      'input.id',
    );
  });

  it('002 §4.3: a draft is not completed; a concluded agreement completes on the day after its period by default', async () => {
    const drafted = await draft({
      partnerOrganizationIds: [world.shnor],
      validFrom: '2023-01-01',
      validTo: '2023-06-30',
    });
    await expectRefused(
      COMPLETE,
      { input: { id: drafted.id } },
      'AGREEMENT_TRANSITION_NOT_ALLOWED',
      'input.id',
    );
    await graphql(agreements.url, CONCLUDE, { id: drafted.id }, {}, { as: leaderStaff });
    await expectRefused(
      COMPLETE,
      { input: { id: drafted.id, endedOn: '2024-01-01' } },
      'AGREEMENT_END_DATE_INVALID',
      'input.endedOn',
    );
    const completed = await graphql(
      agreements.url,
      COMPLETE,
      { input: { id: drafted.id } },
      {},
      { as: leaderStaff },
    );
    expect(completed.data?.completeAgreement).toEqual({
      id: drafted.id,
      state: 'COMPLETED',
      endedOn: '2023-07-01',
    });
    const [event] = (await outboxEvents('agreements.agreement.completed')).filter(
      (e) => e.payload.data.agreementId === drafted.id,
    );
    expect(event.key).toBe(world.leader);
  });
});

describe('decision §53: a party’s status ends in the registry', () => {
  it('§53: the supported school leaves the ШНОР list: its only agreement is terminated from that day and announced; an end caused by an agreement changes nothing', async () => {
    const drafted = await draft({
      partnerOrganizationIds: [world.shnor2],
      validFrom: '2023-01-01',
      validTo: '2023-10-31',
    });
    await graphql(agreements.url, CONCLUDE, { id: drafted.id }, {}, { as: leaderStaff });

    const producer = createIdempotentProducer(testKafka());
    await producer.connect();
    const ended = (
      statusId: string,
      organizationId: string,
      reason: 'AGREEMENT_ENDED' | 'UNFORESEEN_CIRCUMSTANCES',
      kind: 'LEADER_SCHOOL' | 'LOW_RESULTS',
    ) =>
      registryEvent('registry.status.ended', organizationId, {
        statusId,
        organizationId,
        municipalityId: world.pavlovsky,
        kind,
        reason,
        endedOn: '2023-04-01',
        endingOrderId: null,
      });
    // The registry's history first (the projection starts from offset zero), then the end.
    const events = [
      ...world.events,
      ended(world.shnor2Status, world.shnor2, 'UNFORESEEN_CIRCUMSTANCES', 'LOW_RESULTS'),
    ];
    await producer.send({
      topic: 'opora.registry.events',
      messages: events.map((e) => ({ key: e.subject, value: encodeEvent(e) })),
    });
    await producer.disconnect();

    await eventually(async () => {
      const rows = (await agreements.service.dataSource.query(
        `select state, ended_on::text as "endedOn", end_reason as "reason" from partnership_agreement where id = $1`,
        [drafted.id],
      )) as { state: string; endedOn: string; reason: string }[];
      expect(rows[0]).toMatchObject({ state: 'TERMINATED', endedOn: '2023-04-01' });
      expect(rows[0].reason).toMatch(/исключена из перечня/);
      return true;
    }, 30_000);
    const announced = (await outboxEvents('agreements.agreement.terminated')).filter(
      (e) => e.payload.data.agreementId === drafted.id,
    );
    expect(announced).toHaveLength(1);
    expect(announced[0].key).toBe(world.leader);

    // The registry ends the leader status because an agreement ended (its own reaction to us):
    // the leader's other concluded agreement stays.
    const other = await draft({
      partnerOrganizationIds: [world.shssu],
      validFrom: '2023-07-01',
      validTo: '2023-10-31',
    });
    await graphql(agreements.url, CONCLUDE, { id: other.id }, {}, { as: leaderStaff });
    const again = createIdempotentProducer(testKafka());
    await again.connect();
    const leaderEnd = ended(world.leaderStatus, world.leader, 'AGREEMENT_ENDED', 'LEADER_SCHOOL');
    await again.send({
      topic: 'opora.registry.events',
      messages: [{ key: leaderEnd.subject, value: encodeEvent(leaderEnd) }],
    });
    await again.disconnect();
    await eventually(async () => {
      const [status] = (await agreements.service.dataSource.query(
        `select state from projected_status where id = $1`,
        [world.leaderStatus],
      )) as { state: string }[];
      return status.state === 'ENDED';
    }, 30_000);
    const [row] = (await agreements.service.dataSource.query(
      `select state from partnership_agreement where id = $1`,
      [other.id],
    )) as { state: string }[];
    expect(row.state).toBe('CONCLUDED');
  });
});

describe('000 §5.3: tutors of the leader school accompany teachers of the supported school', () => {
  const START = /* GraphQL */ `
    mutation ($input: StartMentorshipInput!) {
      startMentorship(input: $input) {
        id
        state
        tutorName
        menteeName
        tutorOrganization {
          id
        }
        menteeOrganization {
          id
        }
      }
    }
  `;
  it('000 §5.3: started under a concluded agreement with a teacher of its supported school; names are hidden from the analyst; ended once', async () => {
    const drafted = await draft({
      partnerOrganizationIds: [world.shnor],
      validFrom: '2022-09-01',
      validTo: '2022-12-31',
    });
    const input = {
      agreementId: drafted.id,
      menteeOrganizationId: world.shnor,
      tutorName: 'Кузнецова Ольга Ивановна',
      menteeName: 'Сидорова Елена Андреевна',
      subject: 'Математика',
      validFrom: '2022-09-01',
    };
    await expectRefused(START, { input }, 'MENTORSHIP_AGREEMENT_NOT_CONCLUDED', 'input.agreementId');
    await graphql(agreements.url, CONCLUDE, { id: drafted.id }, {}, { as: leaderStaff });
    await expectRefused(
      START,
      { input: { ...input, menteeOrganizationId: world.shssu } },
      'MENTEE_NOT_PARTY',
      'input.menteeOrganizationId',
    );
    const started = await graphql(agreements.url, START, { input }, {}, { as: leaderStaff });
    expect(started.data?.startMentorship).toMatchObject({
      state: 'ACTIVE',
      tutorName: 'Кузнецова Ольга Ивановна',
      tutorOrganization: { id: world.leader },
      menteeOrganization: { id: world.shnor },
    });
    const id = (started.data!.startMentorship as { id: string }).id;
    const [event] = (await outboxEvents('agreements.mentorship.started')).filter(
      (e) => e.payload.data.mentorshipId === id,
    );
    expect(event.key).toBe(world.leader);
    expect(JSON.stringify(event.payload)).not.toMatch(/Кузнецова|Сидорова/);

    const analyst: Principal = { subject: 'analyst', role: 'ANALYST', regionCode: '23' };
    const seen = await graphql(
      agreements.url,
      `
        query ($id: ID!) {
          agreement(id: $id) {
            leaderResponsible
            mentorships {
              tutorName
              menteeName
              subject
            }
          }
        }
      `,
      { id: drafted.id },
      {},
      { as: analyst },
    );
    expect(seen.data?.agreement).toEqual({
      leaderResponsible: null,
      mentorships: [{ tutorName: null, menteeName: null, subject: 'Математика' }],
    });

    const END = `mutation ($id: UUID!) { endMentorship(input: { id: $id, endedOn: "2022-12-01" }) { state endedOn } }`;
    const ended = await graphql(agreements.url, END, { id }, {}, { as: leaderStaff });
    expect(ended.data?.endMentorship).toEqual({ state: 'ENDED', endedOn: '2022-12-01' });
    await expectRefused(END, { id }, 'MENTORSHIP_TRANSITION_NOT_ALLOWED', 'input.id');
  });
});
