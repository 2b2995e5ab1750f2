import ICAL from 'ical.js';
import type { Principal } from '@opora/auth';
import { httpExecute, loadPriozerskyEvents, loadSeedDocument, priozerskyDirective364 } from '@opora/demo-data';
import { freePort, startServiceProcess } from '@opora/provision';
import type { ServiceProcess } from '@opora/provision';
import { platformAdminToken } from '@opora/testing';
import {
  build,
  eventually,
  gatewayUrlsOf,
  graphql,
  graphqlOk,
  startSubgraphProcess,
  uniqueSuffix,
} from '@opora/testing';
import type { TestSubgraphProcess } from '@opora/testing';

/**
 * The story as users live it, through the gateway, with the registry, the events service and the
 * gateway as real processes on real PostgreSQL and Kafka: the registry announces the district and
 * its schools; the training site plans a remote seminar; a teacher of another school registers;
 * the site records attendance; the calendar, the school's attended events (organizers' names from
 * the registry) and the teacher's calendar feed all show it.
 */
describe('events through the gateway (registry, events and gateway as processes)', () => {
  let registry: TestSubgraphProcess;
  let events: TestSubgraphProcess;
  let gateway: ServiceProcess;
  const suffix = uniqueSuffix();
  // A code of its own: the registry topic is shared by the run.
  const drawn = String(10 + (parseInt(suffix.slice(0, 4), 16) % 80));
  const code = drawn === '47' ? '48' : drawn; // 47 is the demo's Leningrad region, loaded below

  beforeAll(async () => {
    registry = await startSubgraphProcess('registry', {
      prefix: 'ev_scn_registry',
      env: { SCHEDULER_INTERVAL_MS: '0', AGREEMENTS_CONSUMER_GROUP: `registry.agreements.${suffix}` },
    });
    events = await startSubgraphProcess('events', {
      prefix: 'ev_scn_events',
      env: {
        REGISTRY_PROJECTION_GROUP: `events.registry-projection.${suffix}`,
        AGREEMENTS_CONSUMER_GROUP: `events.agreements.${suffix}`,
      },
    });
    gateway = await startServiceProcess({
      name: 'gateway',
      entry: 'apps/gateway/src/main.ts',
      port: await freePort(),
      env: { ...gatewayUrlsOf({ registry, events }), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    });
  }, 180_000);

  afterAll(async () => {
    await gateway?.stop();
    await events?.stop();
    await registry?.stop();
  });

  it('plans, registers, records and shows a remote seminar of the Priozersky training site', async () => {
    const url = gateway.graphqlUrl;
    const admin = (query: string, variables: Record<string, unknown>) => graphqlOk(url, query, variables);
    const { createRegion: region } = await admin(
      `mutation ($input: CreateRegionInput!) { createRegion(input: $input) { id code } }`,
      { input: { ...build.region({ code }), timeZone: 'Europe/Moscow' } },
    );
    const { createMunicipality: district } = await admin(
      `mutation ($input: CreateMunicipalityInput!) { createMunicipality(input: $input) { id } }`,
      { input: build.municipality(region.id, { name: `Приозерский муниципальный район ${suffix}` }) },
    );
    const register = async (shortName: string) =>
      (
        await admin(`mutation ($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { id } }`, {
          input: build.school(district.id, { shortName }),
        })
      ).registerOrganization.id as string;
    const site = await register('МОУ «Приозерская СОШ № 1»');
    const school = await register('МОУ «Громовская СОШ»');

    const siteStaff: Principal = { subject: `site-${suffix}`, role: 'SCHOOL_STAFF', regionCode: code, municipalityId: district.id, organizationId: site };
    const teacher: Principal = { subject: `teacher-${suffix}`, role: 'SCHOOL_STAFF', regionCode: code, municipalityId: district.id, organizationId: school };
    const as = (p: Principal) => ({ as: p });

    // The events service learns the schools from the registry's topic.
    const planInput = {
      organizerOrganizationId: site,
      kind: 'MODEL_SEMINAR',
      format: 'REMOTE',
      title: 'Модельный семинар «Читательская грамотность»',
      subject: 'Русский язык',
      startsAt: new Date(Date.now() - 3 * 3_600_000).toISOString(),
      endsAt: new Date(Date.now() - 3_600_000).toISOString(),
      link: 'https://vk.com/call/priozersk-model-seminar',
      capacity: 25,
    };
    const planned = await eventually(async () => {
      const result = await graphql(url, `mutation ($input: PlanEventInput!) { planEvent(input: $input) { id } }`, { input: planInput }, {}, as(siteStaff));
      return result.data?.planEvent ? (result.data.planEvent as { id: string }) : undefined;
    }, 60_000, 'организации реестра в проекции мероприятий');

    const { registerForEvent } = await graphqlOk(url, `mutation ($input: RegisterInput!) { registerForEvent(input: $input) { id } }`, {
      input: { eventId: planned.id, personName: 'Иванова Мария Петровна', organizationId: school, position: 'учитель русского языка' },
    }, {}, as(teacher));
    await graphqlOk(url, `mutation ($id: UUID!) { markEventHeld(input: { eventId: $id }) { id state } }`, { id: planned.id }, {}, as(siteStaff));
    const { recordAttendance } = await graphqlOk(url, `mutation ($input: RecordAttendanceInput!) { recordAttendance(input: $input) { attended hours } }`, {
      input: { eventId: planned.id, participants: [{ registrationId: registerForEvent.id, attended: true, hours: 2 }] },
    }, {}, as(siteStaff));
    expect(recordAttendance).toEqual({ attended: 1, hours: 2 });

    // The calendar through the gateway: organizers' names come from the registry.
    const { calendar } = await graphqlOk(url, `query ($f: CalendarFilter!) { calendar(filter: $f) { totalCount edges { node { id title state startsAtLocal organizer { id shortName } } } } }`, {
      f: { regionId: region.id, from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date(Date.now() + 86_400_000).toISOString() },
    }, {}, as(teacher));
    expect(calendar.totalCount).toBe(1);
    expect(calendar.edges[0].node).toMatchObject({ id: planned.id, state: 'HELD', organizer: { id: site, shortName: 'МОУ «Приозерская СОШ № 1»' } });
    expect(calendar.edges[0].node.startsAtLocal).toMatch(/\+03:00$/);

    // The school (a registry root field) with the events its staff attended (the events subgraph).
    const { organization } = await graphqlOk(url, `query ($id: UUID!) { organization(id: $id) { id shortName attendedEvents { attended hours event { id title organizer { id shortName } } } } }`, { id: school }, {}, as(teacher));
    expect(organization.attendedEvents).toEqual([
      { attended: 1, hours: 2, event: { id: planned.id, title: planInput.title, organizer: { id: site, shortName: 'МОУ «Приозерская СОШ № 1»' } } },
    ]);

    // The teacher's own calendar, in a calendar application's hands.
    const { createCalendarFeed } = await graphqlOk(url, `mutation ($input: CreateCalendarFeedInput!) { createCalendarFeed(input: $input) { url feed { id } } }`, {
      input: { scope: 'MY_REGISTRATIONS', regionId: region.id },
    }, {}, as(teacher));
    const key = new URL(createCalendarFeed.url).searchParams.get('key');
    const feed = await fetch(`${events.graphqlUrl.replace(/\/graphql$/, '')}/calendar.ics?key=${key}`);
    expect(feed.status).toBe(200);
    const vevents = new ICAL.Component(ICAL.parse(await feed.text())).getAllSubcomponents('vevent');
    expect(vevents.map((v) => v.getFirstPropertyValue('summary'))).toEqual([planInput.title]);
  });

  it('loads the demo: the Priozersky site’s remote seminars with attendance, once', async () => {
    const execute = httpExecute(gateway.graphqlUrl, { authorization: `Bearer ${await platformAdminToken()}` });
    const seed = await loadSeedDocument(execute, priozerskyDirective364);
    const first = await loadPriozerskyEvents(execute);
    expect(first).toEqual({ planned: 3, attendance: 7 });
    expect(await loadPriozerskyEvents(execute)).toEqual({ planned: 0, attendance: 0 });
    const { calendar } = await graphqlOk(gateway.graphqlUrl, `query ($f: CalendarFilter!) { calendar(filter: $f) { totalCount edges { node { id format link state organizer { id shortName } } } } }`, {
      f: { regionId: seed.regionId, from: '2026-01-01T00:00:00Z', to: '2028-01-01T00:00:00Z' },
    });
    expect(calendar.totalCount).toBe(3);
    for (const { node } of calendar.edges) expect(node).toMatchObject({ format: 'REMOTE', organizer: { shortName: 'МОУ «СОШ № 4»' } });
    expect(calendar.edges.filter((e: { node: { state: string } }) => e.node.state === 'HELD')).toHaveLength(2);
  });
});
