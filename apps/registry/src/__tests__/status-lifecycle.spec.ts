import { randomUUID } from 'node:crypto';

import { topicOf } from '@opora/event-contracts';
import type { DomainEvent } from '@opora/event-contracts';
import { createIdempotentProducer, encodeEvent } from '@opora/messaging';
import { createTestDatabase, eventually, graphqlOk, testKafka } from '@opora/testing';

import { StatusLifecycle } from '../modules/status/status-lifecycle';
import { StatusService } from '../modules/status/status.service';
import { createNetwork, grounds, ops } from './registry-fixtures';
import { startTestRegistry } from './start-registry';

type Registry = Awaited<ReturnType<typeof startTestRegistry>>;

describe('statuses ended by time and by agreements (two registry instances, real PostgreSQL and Kafka)', () => {
  let first: Registry;
  let second: Registry;
  let net: Awaited<ReturnType<typeof createNetwork>>;

  beforeAll(async () => {
    const db = await createTestDatabase('registry_lifecycle');
    // Two instances of one deployment: one database, one consumer group.
    const env = { AGREEMENTS_CONSUMER_GROUP: `registry.agreements.${db.name}` };
    // Statuses are entered in 2021, while they run; the scheduler is then run on later days.
    const today = () => '2021-06-01';
    first = await startTestRegistry({ database: db, env, today });
    second = await startTestRegistry({
      database: { name: db.name, drop: async () => undefined },
      env,
      today,
    });
    net = await createNetwork(first.url);
  });

  afterAll(async () => {
    await second?.stop();
    await first?.stop();
  });

  const lifecycleOf = (registry: Registry) =>
    new StatusLifecycle(registry.service.dataSource, new StatusService(registry.service.dataSource));

  const endedEvents = async (statusIds: string[]) =>
    (await first.service.dataSource.query(
      `select payload->'data' as data from outbox
        where event_type = 'registry.status.ended' and payload->'data'->>'statusId' = any($1)`,
      [statusIds],
    )) as { data: { statusId: string; reason: string; endedOn: string } }[];

  it('000 §4.4: the end of a programme ends the statuses tied to it — exactly once with two scheduler instances', async () => {
    const programmeId = await net.programme('2021-01-01', '2023-05-31');
    const orderId = await net.order(net.homeAuthority);
    const statusIds: string[] = [];
    for (let i = 0; i < 30; i++) {
      const { assignStatus } = await graphqlOk(first.url, ops.assign, {
        input: {
          organizationId: await net.school(),
          kind: 'TRAINING_SITE',
          theme: 'Сетевое наставничество',
          grounds,
          programmeId,
          assigningOrderId: orderId,
        },
      });
      statusIds.push(assignStatus.id);
    }
    // The day the programme still runs: nothing is due.
    expect(await lifecycleOf(first).runDue({ today: '2023-05-31' })).toEqual({ programmes: 0, statuses: 0 });

    const [a, b] = await Promise.all([
      lifecycleOf(first).runDue({ today: '2023-06-01' }),
      lifecycleOf(second).runDue({ today: '2023-06-01' }),
    ]);
    expect(a.programmes + b.programmes).toBeGreaterThanOrEqual(1);
    expect(a.statuses + b.statuses).toBe(30);

    const events = await endedEvents(statusIds);
    expect(events).toHaveLength(30);
    expect(new Set(events.map((e) => e.data.statusId)).size).toBe(30);
    expect(events.every((e) => e.data.reason === 'PROGRAMME_ENDED' && e.data.endedOn === '2023-06-01')).toBe(
      true,
    );

    const { programme } = await graphqlOk(
      second.url,
      `query($id: UUID!) { programme(id: $id) { state endedOn statuses { state endReason heldThrough } } }`,
      { id: programmeId },
    );
    expect(programme).toMatchObject({ state: 'ENDED', endedOn: '2023-06-01' });
    expect(programme.statuses).toHaveLength(30);
    expect(
      programme.statuses.every(
        (s: { state: string; endReason: string; heldThrough: string }) =>
          s.state === 'ENDED' && s.endReason === 'PROGRAMME_ENDED' && s.heldThrough === '2023-05-31',
      ),
    ).toBe(true);

    // And the relay hands each of them to Kafka (its delivery to consumers is the messaging
    // specs' subject; reading this topic here would wait on every other spec's events).
    await eventually(
      async () => {
        const unpublished = (await first.service.dataSource.query(
          `select count(*)::int as n from outbox where event_type = 'registry.status.ended'
             and payload->'data'->>'statusId' = any($1) and published_at is null`,
          [statusIds],
        )) as { n: number }[];
        return unpublished[0].n === 0;
      },
      30_000,
      'события status.ended отправлены в Kafka',
    );

    // A later run finds nothing more to do.
    expect(await lifecycleOf(second).runDue({ today: '2023-07-01' })).toEqual({ programmes: 0, statuses: 0 });
  });

  it('a status whose own period passed ends as PERIOD_EXPIRED, the day after its last day', async () => {
    const { assignStatus } = await graphqlOk(first.url, ops.assign, {
      input: {
        organizationId: await net.school(),
        kind: 'LOW_RESULTS',
        theme: 'ШНОР',
        assigningOrderId: await net.order(net.homeAuthority),
        validFrom: '2021-09-01',
        validTo: '2022-08-31',
      },
    });
    await Promise.all([
      lifecycleOf(first).runDue({ today: '2022-09-01' }),
      lifecycleOf(second).runDue({ today: '2022-09-01' }),
    ]);
    expect((await endedEvents([assignStatus.id])).map((e) => e.data)).toEqual([
      expect.objectContaining({ reason: 'PERIOD_EXPIRED', endedOn: '2022-09-01' }),
    ]);
  });

  describe('002 §4.3: the leader school status ends when its partnership agreement ends', () => {
    const envelope = <T extends 'agreements.agreement.concluded' | 'agreements.agreement.ended'>(
      type: T,
      data: Extract<DomainEvent, { type: T }>['data'],
    ) =>
      ({
        id: randomUUID(),
        type,
        version: 1,
        occurredAt: new Date().toISOString(),
        source: 'agreements',
        subject: data.agreementId,
        regionCode: net.region.code,
        data,
      }) as DomainEvent;

    async function publish(events: DomainEvent[]): Promise<void> {
      const producer = createIdempotentProducer(testKafka());
      await producer.connect();
      for (const event of events)
        await producer.send({
          topic: topicOf('agreements'),
          messages: [{ key: event.subject, value: encodeEvent(event) }],
        });
      await producer.disconnect();
    }

    async function leader(): Promise<{ organizationId: string; statusId: string }> {
      const organizationId = await net.school();
      const { assignStatus } = await graphqlOk(first.url, ops.assign, {
        input: {
          organizationId,
          kind: 'LEADER_SCHOOL',
          theme: 'Методическая поддержка ШНОР',
          grounds: ['Наиболее высокие результаты ГИА (002 §1.3)'],
          assigningOrderId: await net.order(net.homeAuthority),
          validFrom: '2021-09-01',
        },
      });
      return { organizationId, statusId: assignStatus.id };
    }

    const statusOf = async (id: string) => (await graphqlOk(first.url, ops.status, { id })).status;

    it('in order, each message delivered twice: ended once, with AGREEMENT_ENDED on the agreement’s end date', async () => {
      const { organizationId, statusId } = await leader();
      const agreementId = randomUUID();
      const concluded = envelope('agreements.agreement.concluded', {
        agreementId,
        leaderOrganizationId: organizationId,
        partnerOrganizationId: await net.school(),
        municipalityId: net.home,
        validFrom: '2021-10-01',
        validTo: null,
      });
      const ended = envelope('agreements.agreement.ended', {
        agreementId,
        leaderOrganizationId: organizationId,
        endedOn: '2023-06-01',
      });
      await publish([concluded, concluded, ended, ended]);
      await eventually(async () => (await statusOf(statusId)).state === 'ENDED', 30_000, 'статус прекращён');
      expect(await statusOf(statusId)).toMatchObject({
        endReason: 'AGREEMENT_ENDED',
        endedOn: '2023-06-01',
        heldThrough: '2023-05-31',
      });
      // Both registry instances consume in the same group; give a duplicate time to be (not) applied.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await endedEvents([statusId])).toHaveLength(1);
    });

    it('out of order (the end arrives before the agreement): the status still ends, once', async () => {
      const { organizationId, statusId } = await leader();
      const agreementId = randomUUID();
      const ended = envelope('agreements.agreement.ended', {
        agreementId,
        leaderOrganizationId: organizationId,
        endedOn: '2022-12-31',
      });
      const concluded = envelope('agreements.agreement.concluded', {
        agreementId,
        leaderOrganizationId: organizationId,
        partnerOrganizationId: await net.school(),
        municipalityId: net.home,
        validFrom: '2021-10-01',
        validTo: '2022-12-30',
      });
      await publish([ended, concluded, ended]);
      await eventually(async () => (await statusOf(statusId)).state === 'ENDED', 30_000, 'статус прекращён');
      expect(await statusOf(statusId)).toMatchObject({ endReason: 'AGREEMENT_ENDED', endedOn: '2022-12-31' });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await endedEvents([statusId])).toHaveLength(1);
    });

    it('a leader with two agreements stays a leader until the last one ends', async () => {
      const { organizationId, statusId } = await leader();
      const [one, two] = [randomUUID(), randomUUID()];
      const concluded = async (agreementId: string) =>
        envelope('agreements.agreement.concluded', {
          agreementId,
          leaderOrganizationId: organizationId,
          partnerOrganizationId: await net.school(),
          municipalityId: net.home,
          validFrom: '2021-10-01',
          validTo: null,
        });
      // Events of different agreements travel in different partitions: the agreements are
      // concluded (both seen) before the first one ends, as they would be in life.
      await publish([await concluded(one), await concluded(two)]);
      await eventually(async () => {
        const bound = (await first.service.dataSource.query(
          `select 1 from agreement_binding where agreement_id = any($1) and status_assignment_id is not null`,
          [[one, two]],
        )) as unknown[];
        return bound.length === 2;
      }, 30_000);
      await publish([
        envelope('agreements.agreement.ended', {
          agreementId: one,
          leaderOrganizationId: organizationId,
          endedOn: '2022-06-01',
        }),
      ]);
      await eventually(async () => {
        const bindings = (await first.service.dataSource.query(
          `select ended_on from agreement_binding where agreement_id = any($1)`,
          [[one, two]],
        )) as { ended_on: string | null }[];
        return bindings.filter((b) => b.ended_on).length === 1;
      }, 30_000);
      expect((await statusOf(statusId)).state).toBe('ACTIVE');
      await publish([
        envelope('agreements.agreement.ended', {
          agreementId: two,
          leaderOrganizationId: organizationId,
          endedOn: '2023-01-10',
        }),
      ]);
      await eventually(async () => (await statusOf(statusId)).state === 'ENDED', 30_000, 'статус прекращён');
      expect((await statusOf(statusId)).endedOn).toBe('2023-01-10');
    });
  });
});
