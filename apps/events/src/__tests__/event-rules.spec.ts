import { randomUUID } from 'node:crypto';

import type { Principal } from '@opora/auth';
import { graphql, graphqlOk } from '@opora/testing';

import { agreedPlan, at, people, remoteSeminar, seedNetwork, seedPlan, ops } from './events-fixtures';
import type { Network } from './events-fixtures';
import { startTestEvents } from './start-events';

describe('events rules of the seeds (events subgraph, real PostgreSQL and Kafka)', () => {
  let events: Awaited<ReturnType<typeof startTestEvents>>;
  let net: Network;
  let who: ReturnType<typeof people>;

  const count = async (table: string, where = 'true') =>
    Number(((await events.service.dataSource.query(`select count(*) as n from ${table} where ${where}`)) as { n: string }[])[0].n);
  const snapshot = async () => ({
    events: await count('event'),
    registrations: await count('registration'),
    feedback: await count('feedback'),
    materials: await count('material'),
    outbox: await count('outbox'),
    changed: Number(
      ((await events.service.dataSource.query(`select coalesce(sum(sequence), 0) as n from event`)) as { n: string }[])[0].n,
    ),
    attended: await count('registration', 'attended is not null'),
  });

  const as = (principal: Principal) => ({ as: principal });
  const ok = (query: string, input: Record<string, unknown>, principal: Principal) =>
    graphqlOk(events.url, query, { input }, {}, as(principal));

  /** A request that must be refused: its code and field, a Russian message, nothing written, no event. */
  async function expectRefused(
    query: string,
    input: Record<string, unknown>,
    principal: Principal,
    code: string,
    field?: string,
  ): Promise<string> {
    const before = await snapshot();
    const result = await graphql(events.url, query, { input }, {}, as(principal));
    expect(result.errors?.[0]?.extensions?.code).toBe(code);
    if (field) expect(result.errors?.[0]?.extensions?.field).toBe(field);
    expect(result.errors?.[0]?.message).toMatch(/[а-яё]/i);
    expect(await snapshot()).toEqual(before);
    return result.errors![0].message;
  }

  const heldSeminar = async (over: Record<string, unknown> = {}) => {
    const { planEvent } = await ok(ops.plan, remoteSeminar(net, over), who.siteStaff);
    await ok(ops.held, { eventId: planEvent.id }, who.siteStaff);
    return planEvent.id as string;
  };

  beforeAll(async () => {
    events = await startTestEvents();
    net = await seedNetwork(events.service.dataSource);
    who = people(net);
  });

  afterAll(async () => {
    await events?.stop();
  });

  describe('000 §3.2: the training site works remotely — a remote event needs its link', () => {
    it('plans a remote seminar with its link, times shown in the region’s zone, and announces it', async () => {
      const input = remoteSeminar(net, { startsAt: '2026-03-05T07:00:00Z', endsAt: '2026-03-05T09:00:00Z' });
      const { planEvent } = await ok(ops.plan, input, who.siteStaff);
      expect(planEvent).toMatchObject({
        state: 'PLANNED',
        format: 'REMOTE',
        link: input.link,
        timeZone: 'Europe/Moscow',
        startsAtLocal: '2026-03-05T10:00:00+03:00',
        endsAtLocal: '2026-03-05T12:00:00+03:00',
        organizer: { id: net.site },
      });
      expect(await count('outbox', `event_type = 'events.event.planned' and payload->'data'->>'eventId' = '${planEvent.id}'`)).toBe(1);
    });

    it('refuses a remote event without a link (EVENT_LINK_REQUIRED, input.link)', async () => {
      await expectRefused(ops.plan, remoteSeminar(net, { link: null }), who.siteStaff, 'EVENT_LINK_REQUIRED', 'input.link');
    });

    it('refuses a mixed event without a link too', async () => {
      await expectRefused(ops.plan, remoteSeminar(net, { format: 'MIXED', place: 'Приозерск, ул. Ленина, 1', link: null }), who.siteStaff, 'EVENT_LINK_REQUIRED', 'input.link');
    });

    it('refuses a link that is not a URL (BAD_USER_INPUT, input.link)', async () => {
      await expectRefused(ops.plan, remoteSeminar(net, { link: 'ссылка будет позже' }), who.siteStaff, 'BAD_USER_INPUT', 'input.link');
    });

    it('refuses an end before the start (EVENT_PERIOD_INVALID, input.endsAt)', async () => {
      await expectRefused(ops.plan, remoteSeminar(net, { startsAt: at(5), endsAt: at(4) }), who.siteStaff, 'EVENT_PERIOD_INVALID', 'input.endsAt');
    });
  });

  describe('000 §3.1: only the organizer’s staff or the authority of its territory edit an event', () => {
    it('lets the district authority’s operator plan and cancel the site’s event', async () => {
      const { planEvent } = await ok(ops.plan, remoteSeminar(net, { startsAt: at(48), endsAt: at(50) }), who.operator);
      const { cancelEvent } = await ok(ops.cancel, { eventId: planEvent.id, reason: 'Перенос на другой месяц' }, who.operator);
      expect(cancelEvent.state).toBe('CANCELLED');
    });

    it('refuses a teacher of another school and an operator of another district (FORBIDDEN)', async () => {
      await expectRefused(ops.plan, remoteSeminar(net), who.teacher, 'FORBIDDEN');
      await expectRefused(ops.plan, remoteSeminar(net), who.vyborgOperator, 'FORBIDDEN');
      const { planEvent } = await ok(ops.plan, remoteSeminar(net, { startsAt: at(24), endsAt: at(26) }), who.siteStaff);
      await expectRefused(ops.cancel, { eventId: planEvent.id }, who.teacher, 'FORBIDDEN');
      await expectRefused(ops.reschedule, { eventId: planEvent.id, startsAt: at(30), endsAt: at(31), link: 'https://vk.com/x' }, who.vyborgTeacher, 'FORBIDDEN');
    });
  });

  describe('an event fulfils an agreed plan item of its organizer (or of a school of the authority’s territory)', () => {
    it('links the site’s own agreed item and names the agreement', async () => {
      const plan = agreedPlan(net, net.site);
      await seedPlan(events.service.dataSource, plan);
      const { planEvent } = await ok(ops.plan, remoteSeminar(net, { planItemId: plan.items[0].planItemId }), who.siteStaff);
      expect(planEvent.planItem).toEqual({ id: plan.items[0].planItemId });
      expect(planEvent.agreement).toEqual({ id: plan.ownerId });
      // The agreements subgraph's PlanItem and PartnershipAgreement, extended by key with their events.
      const { _entities } = await graphqlOk(
        events.url,
        `query ($reps: [_Any!]!) { _entities(representations: $reps) {
           ... on PlanItem { id events { id } } ... on PartnershipAgreement { id events { id title } } } }`,
        { reps: [{ __typename: 'PlanItem', id: plan.items[0].planItemId }, { __typename: 'PartnershipAgreement', id: plan.ownerId }] },
        {},
        as(who.analyst),
      );
      expect(_entities).toEqual([
        { id: plan.items[0].planItemId, events: [{ id: planEvent.id }] },
        { id: plan.ownerId, events: [{ id: planEvent.id, title: planEvent.title }] },
      ]);
    });

    it('lets the district authority organize an event for a school’s item of its district', async () => {
      const plan = agreedPlan(net, net.school);
      await seedPlan(events.service.dataSource, plan);
      const { planEvent } = await ok(
        ops.plan,
        remoteSeminar(net, { organizerOrganizationId: net.authority, planItemId: plan.items[0].planItemId }),
        who.operator,
      );
      expect(planEvent.planItem).toEqual({ id: plan.items[0].planItemId });
    });

    it('refuses another organization’s item (PLAN_ITEM_NOT_ORGANIZERS) and an unknown one (PLAN_ITEM_NOT_FOUND)', async () => {
      const plan = agreedPlan(net, net.school);
      await seedPlan(events.service.dataSource, plan);
      await expectRefused(ops.plan, remoteSeminar(net, { planItemId: plan.items[0].planItemId }), who.siteStaff, 'PLAN_ITEM_NOT_ORGANIZERS', 'input.planItemId');
      await expectRefused(ops.plan, remoteSeminar(net, { planItemId: randomUUID() }), who.siteStaff, 'PLAN_ITEM_NOT_FOUND', 'input.planItemId');
    });
  });

  describe('attendance only for a held event and only for registered participants or the organizer’s list', () => {
    it('refuses attendance of a cancelled event (EVENT_CANCELLED)', async () => {
      const id = await heldSeminar();
      await ok(ops.cancel, { eventId: id, reason: 'Ошибочно отмечено' }, who.siteStaff);
      await expectRefused(
        ops.attendance,
        { eventId: id, participants: [{ personName: 'Петров Пётр', organizationId: net.school, attended: true }] },
        who.siteStaff,
        'EVENT_CANCELLED',
        'input.eventId',
      );
    });

    it('refuses attendance of a future event (EVENT_NOT_HELD), and it cannot be marked held before it starts', async () => {
      const { planEvent } = await ok(ops.plan, remoteSeminar(net, { startsAt: at(72), endsAt: at(74) }), who.siteStaff);
      const message = await expectRefused(
        ops.attendance,
        { eventId: planEvent.id, participants: [{ personName: 'Петров Пётр', organizationId: net.school, attended: true }] },
        who.siteStaff,
        'EVENT_NOT_HELD',
        'input.eventId',
      );
      expect(message).toMatch(/ещё не состоялось/);
      await expectRefused(ops.held, { eventId: planEvent.id }, who.siteStaff, 'EVENT_NOT_STARTED', 'input.eventId');
    });

    it('refuses a duplicate participant, naming the entry (DUPLICATE_PARTICIPANT)', async () => {
      const id = await heldSeminar();
      await expectRefused(
        ops.attendance,
        {
          eventId: id,
          participants: [
            { personName: 'Петров Пётр Ильич', organizationId: net.school, attended: true },
            { personName: 'ПЕТРОВ  пётр ильич', organizationId: net.school, attended: true },
          ],
        },
        who.siteStaff,
        'DUPLICATE_PARTICIPANT',
        'input.participants.1',
      );
    });

    it('refuses a registration of another event (REGISTRATION_NOT_FOUND)', async () => {
      const { planEvent: other } = await ok(ops.plan, remoteSeminar(net, { startsAt: at(10), endsAt: at(12) }), who.siteStaff);
      const { registerForEvent } = await ok(
        ops.register,
        { eventId: other.id, personName: 'Сидорова Анна', organizationId: net.school },
        who.teacher,
      );
      const id = await heldSeminar();
      await expectRefused(
        ops.attendance,
        { eventId: id, participants: [{ registrationId: registerForEvent.id, attended: true }] },
        who.siteStaff,
        'REGISTRATION_NOT_FOUND',
        'input.participants.0.registrationId',
      );
    });

    it('records a whole event of 500 participants at once: registered and listed, one event with counts and hours', async () => {
      const { planEvent } = await ok(ops.plan, remoteSeminar(net, { capacity: null, startsAt: at(-4), endsAt: at(-1) }), who.siteStaff);
      const { registerForEvent } = await ok(
        ops.register,
        { eventId: planEvent.id, personName: 'Иванова Мария Петровна', organizationId: net.school, position: 'учитель математики' },
        who.teacher,
      );
      await ok(ops.held, { eventId: planEvent.id }, who.siteStaff);
      const participants = [
        { registrationId: registerForEvent.id, attended: true, hours: 2 },
        ...Array.from({ length: 499 }, (_, i) => ({
          personName: `Участник ${i + 1}`,
          organizationId: i % 2 ? net.school : net.vyborgSchool,
          attended: i % 10 !== 0,
          hours: 3,
        })),
      ];
      const { recordAttendance } = await ok(ops.attendance, { eventId: planEvent.id, participants }, who.siteStaff);
      expect(recordAttendance).toMatchObject({ participants: 500, attended: 450, hours: 2 + 449 * 3 });
      const recorded = (await events.service.dataSource.query(
        `select payload from outbox where event_type = 'events.attendance.recorded' and payload->'data'->>'eventId' = $1`,
        [planEvent.id],
      )) as { payload: { data: { attended: number; byOrganization: { organizationId: string; attended: number; hours: number }[] } } }[];
      expect(recorded).toHaveLength(1);
      expect(recorded[0].payload.data.attended).toBe(450);
      expect(recorded[0].payload.data.byOrganization).toEqual(
        expect.arrayContaining([{ organizationId: net.school, attended: 250, hours: 2 + 249 * 3 }, { organizationId: net.vyborgSchool, attended: 200, hours: 600 }]),
      );
      expect(JSON.stringify(recorded[0].payload)).not.toMatch(/Иванова|Участник/);
    });

    it('refuses 501 participants in one recording (BAD_USER_INPUT, input.participants)', async () => {
      const id = await heldSeminar({ capacity: null });
      const participants = Array.from({ length: 501 }, (_, i) => ({ personName: `Участник ${i}`, organizationId: net.school, attended: true }));
      await expectRefused(ops.attendance, { eventId: id, participants }, who.siteStaff, 'BAD_USER_INPUT', 'input.participants');
    });

    it('writes nothing when one entry of many is wrong (the recording is atomic)', async () => {
      const id = await heldSeminar({ capacity: null });
      const participants = Array.from({ length: 300 }, (_, i) => ({ personName: `Участник ${i}`, organizationId: net.school, attended: true, hours: 1 }));
      participants[299] = { ...participants[299], hours: 50 };
      await expectRefused(ops.attendance, { eventId: id, participants }, who.siteStaff, 'HOURS_EXCEED_EVENT', 'input.participants.299.hours');
    });
  });

  describe('capacity holds under concurrent registrations', () => {
    it('of 20 parallel registrations for 5 seats exactly 5 succeed, the rest are told the event is full', async () => {
      const { planEvent } = await ok(ops.plan, remoteSeminar(net, { capacity: 5, startsAt: at(100), endsAt: at(102) }), who.siteStaff);
      const before = await count('outbox');
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          graphql(
            events.url,
            ops.register,
            { input: { eventId: planEvent.id, personName: `Учитель ${i}`, organizationId: net.school, forMyself: false } },
            {},
            as(who.teacher),
          ),
        ),
      );
      const succeeded = results.filter((r) => !r.errors);
      const refused = results.filter((r) => r.errors);
      expect(succeeded).toHaveLength(5);
      expect(refused).toHaveLength(15);
      for (const r of refused) {
        expect(r.errors![0].extensions).toMatchObject({ code: 'EVENT_FULL', field: 'input.eventId' });
        expect(r.errors![0].message).toMatch(/Мест нет/);
      }
      expect(await count('registration', `event_id = '${planEvent.id}'`)).toBe(5);
      expect(await count('outbox')).toBe(before);
      const { event } = await graphqlOk(events.url, `query ($id: UUID!) { event(id: $id) { registeredCount capacity } }`, { id: planEvent.id }, {}, as(who.teacher));
      expect(event).toEqual({ registeredCount: 5, capacity: 5 });
    });

    it('refuses registering one person twice (DUPLICATE_PARTICIPANT) and frees nothing', async () => {
      const { planEvent } = await ok(ops.plan, remoteSeminar(net, { capacity: 3, startsAt: at(100), endsAt: at(102) }), who.siteStaff);
      await ok(ops.register, { eventId: planEvent.id, personName: 'Смирнова Ольга', organizationId: net.school }, who.teacher);
      await expectRefused(ops.register, { eventId: planEvent.id, personName: 'смирнова ольга', organizationId: net.school, forMyself: false }, who.teacher, 'DUPLICATE_PARTICIPANT', 'input.personName');
    });
  });

  describe('feedback 1–5, once, by a participant of a held event', () => {
    let eventId: string;
    beforeAll(async () => {
      const { planEvent } = await ok(ops.plan, remoteSeminar(net, { startsAt: at(-5), endsAt: at(-3) }), who.siteStaff);
      eventId = planEvent.id;
      const { registerForEvent } = await ok(ops.register, { eventId, personName: 'Иванова Мария Петровна', organizationId: net.school }, who.teacher);
      await ok(ops.held, { eventId }, who.siteStaff);
      await ok(ops.attendance, { eventId, participants: [{ registrationId: registerForEvent.id, attended: true }] }, who.siteStaff);
    });

    it('refuses a rating of 7 (BAD_USER_INPUT, input.rating)', async () => {
      await expectRefused(ops.feedback, { eventId, rating: 7 }, who.teacher, 'BAD_USER_INPUT', 'input.rating');
    });

    it('refuses someone who did not take part (NOT_A_PARTICIPANT)', async () => {
      await expectRefused(ops.feedback, { eventId, rating: 4 }, who.vyborgTeacher, 'NOT_A_PARTICIPANT', 'input.eventId');
    });

    it('takes the participant’s rating once, announces it without the author, and refuses a second (FEEDBACK_ALREADY_GIVEN)', async () => {
      const { giveFeedback } = await ok(ops.feedback, { eventId, rating: 5, comment: 'Полезно и по делу' }, who.teacher);
      expect(giveFeedback).toMatchObject({ rating: 5 });
      const given = (await events.service.dataSource.query(
        `select payload from outbox where event_type = 'events.feedback.given' and payload->'data'->>'eventId' = $1`,
        [eventId],
      )) as { payload: { data: Record<string, unknown> } }[];
      expect(given).toHaveLength(1);
      expect(given[0].payload.data).toMatchObject({ rating: 5 });
      expect(JSON.stringify(given[0].payload.data)).not.toMatch(/teacher-ivanova|Полезно/);
      await expectRefused(ops.feedback, { eventId, rating: 4 }, who.teacher, 'FEEDBACK_ALREADY_GIVEN', 'input.eventId');
    });

    it('refuses feedback on an event not held (EVENT_NOT_HELD)', async () => {
      const { planEvent } = await ok(ops.plan, remoteSeminar(net, { startsAt: at(30), endsAt: at(31) }), who.siteStaff);
      await expectRefused(ops.feedback, { eventId: planEvent.id, rating: 5 }, who.teacher, 'EVENT_NOT_HELD', 'input.eventId');
    });
  });

  describe('personal data: participants’ names only for roles that may read them', () => {
    it('shows names to the organizer’s staff and the region’s administrator, not to an analyst', async () => {
      const { planEvent } = await ok(ops.plan, remoteSeminar(net, { startsAt: at(40), endsAt: at(41) }), who.siteStaff);
      await ok(ops.register, { eventId: planEvent.id, personName: 'Кузнецова Елена', organizationId: net.school, position: 'учитель' }, who.teacher);
      const read = async (p: Principal) =>
        (await graphqlOk(events.url, ops.participants, { id: planEvent.id }, {}, as(p))).event.participants;
      expect((await read(who.siteStaff))[0]).toMatchObject({ personName: 'Кузнецова Елена', position: 'учитель' });
      expect((await read(who.regionAdmin))[0]).toMatchObject({ personName: 'Кузнецова Елена' });
      expect((await read(who.analyst))[0]).toMatchObject({ personName: null, position: null, organization: { id: net.school } });
    });
  });

  describe('materials (000 §5.3; 002 §2.2.4)', () => {
    it('publishes a material of a held event and announces it', async () => {
      const id = await heldSeminar();
      const { publishMaterial } = await ok(
        ops.material,
        {
          organizationId: net.site,
          title: 'Сценарий урока с формирующим оцениванием',
          kind: 'Методическая разработка',
          authors: ['Орлова Н. В.'],
          file: { name: 'scenario.pdf', size: 120_000, mediaType: 'application/pdf' },
          publishedOn: '2026-03-10',
          eventId: id,
        },
        who.siteStaff,
      );
      expect(publishMaterial).toMatchObject({ file: { name: 'scenario.pdf' }, event: { id } });
      expect(await count('outbox', `event_type = 'events.material.published'`)).toBe(1);
    });

    it('refuses a material without link or file, and a link that is not a URL', async () => {
      const base = { organizationId: net.site, title: 'Сборник', kind: 'Сборник', authors: ['Орлова Н. В.'], publishedOn: '2026-03-10' };
      await expectRefused(ops.material, base, who.siteStaff, 'BAD_USER_INPUT', 'input.link');
      await expectRefused(ops.material, { ...base, link: 'не ссылка' }, who.siteStaff, 'BAD_USER_INPUT', 'input.link');
    });
  });
});
