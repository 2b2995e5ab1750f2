import ICAL from 'ical.js';
import type { Principal } from '@opora/auth';
import { graphql, graphqlOk } from '@opora/testing';

import { people, remoteSeminar, seedNetwork, ops } from './events-fixtures';
import type { Network } from './events-fixtures';
import { startTestEvents } from './start-events';

describe('calendar, organizations’ events and calendars people subscribe to (events subgraph)', () => {
  let events: Awaited<ReturnType<typeof startTestEvents>>;
  let net: Network;
  let who: ReturnType<typeof people>;
  const as = (principal: Principal) => ({ as: principal });
  const ok = (query: string, variables: Record<string, unknown>, principal: Principal) =>
    graphqlOk(events.url, query, variables, {}, as(principal));
  const plan = async (over: Record<string, unknown>) =>
    (await ok(ops.plan, { input: remoteSeminar(net, over) }, who.siteStaff)).planEvent as { id: string };

  const march = { from: '2026-03-01T00:00:00+03:00', to: '2026-04-01T00:00:00+03:00' };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    events = await startTestEvents();
    net = await seedNetwork(events.service.dataSource);
    who = people(net);
    // March 2026 in the Priozersky district: three remote seminars, a round table in person, one
    // event of another district, one in February.
    for (let day = 2; day <= 4; day++)
      ids[`seminar${day}`] = (
        await plan({ title: `Семинар ${day} марта`, startsAt: `2026-03-0${day}T07:00:00Z`, endsAt: `2026-03-0${day}T09:00:00Z` })
      ).id;
    ids.roundTable = (
      await plan({
        kind: 'ROUND_TABLE', format: 'IN_PERSON', link: null, place: 'Приозерск, ул. Калинина, 8', subject: 'Русский язык',
        title: 'Круглый стол учителей русского языка', startsAt: '2026-03-10T08:00:00Z', endsAt: '2026-03-10T10:00:00Z',
      })
    ).id;
    ids.february = (await plan({ title: 'Февральский семинар', startsAt: '2026-02-20T07:00:00Z', endsAt: '2026-02-20T09:00:00Z' })).id;
    ids.vyborg = (
      await ok(ops.plan, { input: remoteSeminar(net, { organizerOrganizationId: net.vyborgSchool, title: 'Выборгский семинар', startsAt: '2026-03-12T07:00:00Z', endsAt: '2026-03-12T09:00:00Z' }) }, who.vyborgTeacher)
    ).planEvent.id;
  });

  afterAll(async () => {
    await events?.stop();
  });

  describe('the calendar of a region or municipality by period, kind, format and subject (Relay pages)', () => {
    it('lists the region’s month by start, in pages, with the total', async () => {
      const first = await ok(ops.calendar, { filter: { regionId: net.region, ...march }, first: 3 }, who.teacher);
      expect(first.calendar.totalCount).toBe(5);
      expect(first.calendar.edges.map((e: { node: { title: string } }) => e.node.title)).toEqual([
        'Семинар 2 марта', 'Семинар 3 марта', 'Семинар 4 марта',
      ]);
      expect(first.calendar.edges[0].node.startsAtLocal).toBe('2026-03-02T10:00:00+03:00');
      expect(first.calendar.pageInfo.hasNextPage).toBe(true);
      const second = await ok(ops.calendar, { filter: { regionId: net.region, ...march }, first: 3, after: first.calendar.pageInfo.endCursor }, who.teacher);
      expect(second.calendar.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids.roundTable, ids.vyborg]);
      expect(second.calendar.pageInfo.hasNextPage).toBe(false);
    });

    it('narrows to a municipality, a kind, a format and a subject', async () => {
      const count = async (filter: Record<string, unknown>) =>
        (await ok(ops.calendar, { filter: { regionId: net.region, ...march, ...filter } }, who.teacher)).calendar.totalCount;
      expect(await count({ municipalityId: net.priozersk })).toBe(4);
      expect(await count({ kinds: ['ROUND_TABLE'] })).toBe(1);
      expect(await count({ formats: ['REMOTE'] })).toBe(4);
      expect(await count({ subject: 'русск' })).toBe(1);
    });

    it('refuses a caller of another region naming this region (FORBIDDEN, filter.regionId)', async () => {
      const stranger: Principal = { subject: 'stranger', role: 'REGION_ADMIN', regionCode: '78' };
      const result = await graphql(events.url, ops.calendar, { filter: { regionId: net.region, ...march } }, {}, as(stranger));
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'filter.regionId' });
    });
  });

  describe('Organization: the events it organized and those its staff attended, with hours', () => {
    it('answers both through the entity reference the gateway uses, loading them in batches', async () => {
      const { planEvent } = await ok(ops.plan, { input: remoteSeminar(net, { capacity: null }) }, who.siteStaff);
      await ok(ops.held, { input: { eventId: planEvent.id } }, who.siteStaff);
      await ok(ops.attendance, {
        input: {
          eventId: planEvent.id,
          participants: [
            { personName: 'Орлова Нина', organizationId: net.school, attended: true, hours: 1.5 },
            { personName: 'Егоров Олег', organizationId: net.school, attended: true, hours: 2 },
            { personName: 'Белов Иван', organizationId: net.vyborgSchool, attended: false },
          ],
        },
      }, who.siteStaff);
      events.statements.length = 0;
      const query = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Organization {
        id organizedEvents(from: "2026-03-01T00:00:00Z", to: "2026-04-01T00:00:00Z") { totalCount }
        attendedEvents { attended hours event { id title } } } } }`;
      const { _entities } = await ok(query, {
        reps: [net.site, net.school, net.vyborgSchool].map((id) => ({ __typename: 'Organization', id })),
      }, who.regionAdmin);
      expect(_entities[0].organizedEvents.totalCount).toBe(4);
      expect(_entities[1].attendedEvents).toEqual([{ attended: 2, hours: 3.5, event: { id: planEvent.id, title: planEvent.title } }]);
      expect(_entities[2].attendedEvents).toEqual([]);
      // The three organizations' attendance is read in one statement, not one per organization.
      expect(events.statements.filter((s) => /from registration r join event/i.test(s))).toHaveLength(1);
    });

    it('shows a school’s attendance figures only where its aggregates may be read (FORBIDDEN to another school’s staff)', async () => {
      const query = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Organization { id attendedEvents { hours } } } }`;
      const reps = [{ __typename: 'Organization', id: net.vyborgSchool }];
      const refused = await graphql(events.url, query, { reps }, {}, as(who.teacher));
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const allowed = await graphql(events.url, query, { reps }, {}, as(who.vyborgTeacher));
      expect(allowed.errors).toBeUndefined();
    });
  });

  describe('iCalendar feeds (RFC 5545) behind a private, revocable address', () => {
    const fetchFeed = (url: string, query = '') => fetch(`${events.baseUrl}/calendar.ics?${new URL(url).searchParams.toString()}${query}`);

    it('serves the region’s month to a calendar application: zone, stable UIDs, SEQUENCE, cancelled events, no personal data', async () => {
      await ok(ops.register, { input: { eventId: ids.seminar3, personName: 'Иванова Мария Петровна', organizationId: net.school, position: 'учитель' } }, who.teacher);
      const { createCalendarFeed } = await ok(ops.createFeed, { input: { scope: 'REGION', regionId: net.region } }, who.teacher);
      expect(createCalendarFeed.url).toMatch(/^http:\/\/calendar\.test\/calendar\.ics\?key=[\w-]{40,}$/);
      const secret = new URL(createCalendarFeed.url).searchParams.get('key')!;
      const stored = (await events.service.dataSource.query(`select secret_hash from calendar_feed`)) as { secret_hash: string }[];
      expect(JSON.stringify(stored)).not.toContain(secret);

      const window = `&from=${encodeURIComponent(march.from)}&to=${encodeURIComponent(march.to)}`;
      const first = await fetchFeed(createCalendarFeed.url, window);
      expect(first.status).toBe(200);
      expect(first.headers.get('content-type')).toMatch(/^text\/calendar/);
      const text = await first.text();
      expect(text).not.toMatch(/Иванова/);
      const calendar = new ICAL.Component(ICAL.parse(text));
      const zone = calendar.getFirstSubcomponent('vtimezone')!;
      expect(zone.getFirstPropertyValue('tzid')).toBe('Europe/Moscow');
      const vevents = calendar.getAllSubcomponents('vevent');
      expect(vevents).toHaveLength(5);
      const seminar = vevents.find((v) => v.getFirstPropertyValue('uid') === `${ids.seminar2}@events.opora`)!;
      const start = seminar.getFirstProperty('dtstart')!;
      expect(start.getParameter('tzid')).toBe('Europe/Moscow');
      expect(String(start.getFirstValue())).toBe('2026-03-02T10:00:00');
      expect(seminar.getFirstPropertyValue('status')).toBe('CONFIRMED');
      expect(seminar.getFirstPropertyValue('sequence')).toBe(0);

      // The organizer moves one seminar and cancels another: the same UIDs, a higher SEQUENCE.
      await ok(ops.reschedule, { input: { eventId: ids.seminar2, startsAt: '2026-03-02T11:00:00Z', endsAt: '2026-03-02T13:00:00Z', link: 'https://vk.com/call/moved' } }, who.siteStaff);
      await ok(ops.cancel, { input: { eventId: ids.seminar4, reason: 'Болезнь ведущего' } }, who.siteStaff);
      const again = new ICAL.Component(ICAL.parse(await (await fetchFeed(createCalendarFeed.url, window)).text()));
      const byUid = new Map(again.getAllSubcomponents('vevent').map((v) => [String(v.getFirstPropertyValue('uid')), v]));
      const moved = byUid.get(`${ids.seminar2}@events.opora`)!;
      expect(moved.getFirstPropertyValue('sequence')).toBe(1);
      expect(String(moved.getFirstPropertyValue('dtstart'))).toBe('2026-03-02T14:00:00');
      const cancelled = byUid.get(`${ids.seminar4}@events.opora`)!;
      expect(cancelled.getFirstPropertyValue('status')).toBe('CANCELLED');
      expect(cancelled.getFirstPropertyValue('sequence')).toBe(1);
    });

    it('serves "events I am registered for" to their owner only', async () => {
      const { createCalendarFeed } = await ok(ops.createFeed, { input: { scope: 'MY_REGISTRATIONS', regionId: net.region } }, who.teacher);
      const text = await (await fetchFeed(createCalendarFeed.url, `&from=${encodeURIComponent(march.from)}&to=${encodeURIComponent(march.to)}`)).text();
      const vevents = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent');
      expect(vevents.map((v) => v.getFirstPropertyValue('uid'))).toEqual([`${ids.seminar3}@events.opora`]);
    });

    it('answers 410 once the address is revoked, and 404 for an unknown one', async () => {
      const { createCalendarFeed } = await ok(ops.createFeed, { input: { scope: 'MUNICIPALITY', regionId: net.region, municipalityId: net.priozersk } }, who.teacher);
      expect((await fetchFeed(createCalendarFeed.url)).status).toBe(200);
      const { revokeCalendarFeed } = await ok(ops.revokeFeed, { input: { feedId: createCalendarFeed.feed.id } }, who.teacher);
      expect(revokeCalendarFeed.revokedAt).not.toBeNull();
      const revoked = await fetchFeed(createCalendarFeed.url);
      expect(revoked.status).toBe(410);
      expect(await revoked.text()).toMatch(/отозван/);
      expect((await fetch(`${events.baseUrl}/calendar.ics?key=nothing-like-a-secret`)).status).toBe(404);
      // Revoking again, or someone else's address, is refused with a code.
      const twice = await graphql(events.url, ops.revokeFeed, { input: { feedId: createCalendarFeed.feed.id } }, {}, as(who.teacher));
      expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'FEED_ALREADY_REVOKED', field: 'input.feedId' });
      const foreign = await graphql(events.url, ops.revokeFeed, { input: { feedId: createCalendarFeed.feed.id } }, {}, as(who.siteStaff));
      expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: 'FEED_NOT_FOUND', field: 'input.feedId' });
    });

    it('refuses a feed of another region’s calendar (FORBIDDEN)', async () => {
      const result = await graphql(events.url, ops.createFeed, { input: { scope: 'REGION', regionId: net.otherRegion } }, {}, as(who.teacher));
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'input.regionId' });
      expect(Number(((await events.service.dataSource.query(`select count(*) as n from calendar_feed where region_id = $1`, [net.otherRegion])) as { n: string }[])[0].n)).toBe(0);
    });
  });
});
