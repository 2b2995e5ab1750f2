import { randomInt } from 'node:crypto';

import { eventually, graphql, graphqlOk } from '@opora/testing';

import { StatusLifecycle } from '../modules/status/status-lifecycle';
import { nextDay } from '../modules/status/status.rules';
import { StatusService } from '../modules/status/status.service';
import { createNetwork, grounds, ops } from './registry-fixtures';
import { startTestRegistry } from './start-registry';

type Registry = Awaited<ReturnType<typeof startTestRegistry>>;
type Network = Awaited<ReturnType<typeof createNetwork>>;

const appointHead = `mutation($input: AppointSiteHeadInput!) {
  appointSiteHead(input: $input) { id state }
}`;

/**
 * An official types the Priozersky history in from paper (issue #9, point 1): the programme of
 * 2021–2023 first, the directive assigning the training site a minute (or a day) later, then the
 * site head — while the scheduler, which ends the programme at its first tick, runs in between.
 */
describe('past documents entered at any pace (000 §1.2, §4.3, §4.4)', () => {
  const eventsOf = async (registry: Registry, statusId: string) =>
    (await registry.service.dataSource.query(
      `select event_type as type, payload->'data' as data from outbox
        where payload->'data'->>'statusId' = $1 order by seq`,
      [statusId],
    )) as { type: string; data: { reason?: string; endedOn?: string } }[];

  /** Programme 235-р, then directive 364-р, then the site head; `between` runs after each step. */
  async function enterPriozerskyHistory(
    registry: Registry,
    net: Network,
    between: (programmeId: string) => Promise<void>,
  ) {
    const approving = await net.order(net.homeAuthority, '2020-12-25', `235-р/${randomInt(1e9)}`);
    const { approveProgramme } = await graphqlOk(registry.url, ops.approveProgramme, {
      input: {
        ownerId: net.homeAuthority,
        name: `Сетевое наставничество ${randomInt(1e6)}`,
        startsOn: '2021-01-01',
        endsOn: '2023-05-31',
        approvingOrderId: approving,
      },
    });
    await between(approveProgramme.id);
    const school = await net.school();
    const assigned = await graphqlOk(registry.url, ops.assign, {
      input: {
        organizationId: school,
        kind: 'TRAINING_SITE',
        theme: 'Сетевое наставничество',
        grounds,
        programmeId: approveProgramme.id,
        assigningOrderId: await net.order(net.homeAuthority, '2021-03-11', `364-р/${randomInt(1e9)}`),
      },
    });
    await between(approveProgramme.id);
    const schoolOrder = await net.order(school, '2021-03-15', `12/${randomInt(1e9)}`);
    const head = await graphql(registry.url, appointHead, {
      input: {
        statusId: assigned.assignStatus.id,
        appointingOrderId: schoolOrder,
        fullName: 'Кондакова И.П.',
      },
    });
    await between(approveProgramme.id);
    return { programmeId: approveProgramme.id as string, school, status: assigned.assignStatus, head };
  }

  describe('the scheduler running with the real clock between the steps', () => {
    let registry: Registry;
    let net: Network;
    beforeAll(async () => {
      registry = await startTestRegistry({ env: { SCHEDULER_INTERVAL_MS: '50' } });
      net = await createNetwork(registry.url);
    });
    afterAll(() => registry?.stop());

    it('000 §1.2, §4.4: a training site of a programme that ended in 2023 is stored, shown ended with PROGRAMME_ENDED, and announced once', async () => {
      const history = await enterPriozerskyHistory(registry, net, (programmeId) =>
        eventually(
          async () => {
            const { programme } = await graphqlOk(
              registry.url,
              `query($id: UUID!) { programme(id: $id) { state } }`,
              { id: programmeId },
            );
            return programme.state === 'ENDED';
          },
          10_000,
          'планировщик завершил программу',
        ).then(() => undefined),
      );
      expect(history.status).toMatchObject({
        kind: 'TRAINING_SITE',
        state: 'ENDED',
        validFrom: '2021-01-01',
        validTo: '2023-05-31',
        heldThrough: '2023-05-31',
      });
      const { status } = await graphqlOk(registry.url, ops.status, { id: history.status.id });
      expect(status).toMatchObject({ state: 'ENDED', endReason: 'PROGRAMME_ENDED', endedOn: '2023-06-01' });
      // 000 §4.3: the head is appointed while the status held, on the school's order of 15.03.2021.
      expect(history.head.errors).toBeUndefined();
      // (The platform admin of these specs may not read personal data: the person row is checked.)
      expect(
        await registry.service.dataSource.query(
          `select p.full_name from status_assignment s join person p on p.id = s.head_person_id where s.id = $1`,
          [history.status.id],
        ),
      ).toEqual([{ full_name: 'Кондакова И.П.' }]);

      // The scheduler keeps running: the events stay one each.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const events = await eventsOf(registry, history.status.id);
      expect(events.map((e) => e.type)).toEqual(['registry.status.assigned', 'registry.status.ended']);
      expect(events[1].data).toMatchObject({ reason: 'PROGRAMME_ENDED', endedOn: '2023-06-01' });
    });
  });

  describe('the steps a day apart in the clock', () => {
    let registry: Registry;
    let net: Network;
    let today = '2026-11-24';
    const clock = () => today;
    beforeAll(async () => {
      registry = await startTestRegistry({ today: clock });
      net = await createNetwork(registry.url);
    });
    afterAll(() => registry?.stop());

    const lifecycle = () =>
      new StatusLifecycle(
        registry.service.dataSource,
        new StatusService(registry.service.dataSource, clock),
        clock,
      );

    it('000 §1.2, §4.3: each act is judged by the dates it is about, not by whether the programme still runs', async () => {
      // The registry's clock moves a day after each step, and the scheduler runs on the new day.
      const history = await enterPriozerskyHistory(registry, net, async () => {
        await lifecycle().runDue();
        today = nextDay(today);
      });
      expect(history.status).toMatchObject({ state: 'ENDED', heldThrough: '2023-05-31' });
      expect(history.head.errors).toBeUndefined();
      const { programme } = await graphqlOk(
        registry.url,
        `query($id: UUID!) { programme(id: $id) { state endedOn statuses { state endReason endedOn } } }`,
        { id: history.programmeId },
      );
      expect(programme).toMatchObject({
        state: 'ENDED',
        endedOn: '2023-06-01',
        statuses: [{ state: 'ENDED', endReason: 'PROGRAMME_ENDED', endedOn: '2023-06-01' }],
      });
      const events = await eventsOf(registry, history.status.id);
      expect(events.map((e) => e.type)).toEqual(['registry.status.assigned', 'registry.status.ended']);
    });

    it('000 §1.2: a status period reaching past the programme is still refused, and a past LOW_RESULTS period ends as PERIOD_EXPIRED', async () => {
      const programmeId = await net.programme('2021-01-01', '2023-05-31');
      await lifecycle().runDue();
      const outside = await net.assign({
        organizationId: await net.school(),
        kind: 'TRAINING_SITE',
        theme: 'Сетевое наставничество',
        grounds,
        programmeId,
        assigningOrderId: await net.order(net.homeAuthority),
        validTo: '2023-06-30',
      });
      expect(outside.errors?.[0].extensions).toMatchObject({
        code: 'PERIOD_OUTSIDE_PROGRAMME',
        field: 'input.validTo',
      });

      const { assignStatus } = await graphqlOk(registry.url, ops.assign, {
        input: {
          organizationId: await net.school(),
          kind: 'LOW_RESULTS',
          theme: 'ШНОР',
          assigningOrderId: await net.order(net.homeAuthority),
          validFrom: '2021-09-01',
          validTo: '2022-08-31',
        },
      });
      expect(assignStatus).toMatchObject({ state: 'ENDED', heldThrough: '2022-08-31' });
      const { status } = await graphqlOk(registry.url, ops.status, { id: assignStatus.id });
      expect(status).toMatchObject({ endReason: 'PERIOD_EXPIRED', endedOn: '2022-09-01' });
      expect(await lifecycle().runDue()).toEqual({ programmes: 0, statuses: 0 });
      expect((await eventsOf(registry, assignStatus.id)).map((e) => e.type)).toEqual([
        'registry.status.assigned',
        'registry.status.ended',
      ]);
    });

    it('000 §4.3: a site head whose appointing order falls outside the status period is refused', async () => {
      const programmeId = await net.programme('2021-01-01', '2023-05-31');
      const school = await net.school();
      const { assignStatus } = await graphqlOk(registry.url, ops.assign, {
        input: {
          organizationId: school,
          kind: 'TRAINING_SITE',
          theme: 'Сетевое наставничество',
          grounds,
          programmeId,
          assigningOrderId: await net.order(net.homeAuthority),
        },
      });
      const late = await graphql(registry.url, appointHead, {
        input: {
          statusId: assignStatus.id,
          appointingOrderId: await net.order(school, '2024-01-10'),
          fullName: 'Кондакова И.П.',
        },
      });
      expect(late.errors?.[0].extensions).toMatchObject({
        code: 'APPOINTMENT_OUTSIDE_PERIOD',
        field: 'input.appointingOrderId',
      });
      expect(late.errors?.[0].message).toMatch(/2024-01-10/);
    });
  });
});
