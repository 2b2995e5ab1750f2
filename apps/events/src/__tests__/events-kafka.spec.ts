import { topicOf } from '@opora/event-contracts';
import { createIdempotentProducer, encodeEvent } from '@opora/messaging';
import type { Producer } from '@opora/messaging';
import { eventsOf, eventually, graphql, graphqlOk, readTopicUntil, testKafka } from '@opora/testing';

import { agreedPlan, envelope, people, remoteSeminar, seedNetwork, ops } from './events-fixtures';
import type { Network } from './events-fixtures';
import { startTestEvents } from './start-events';

/**
 * The events service on the real broker (docs/decisions.md §61): it learns plan items from
 * `opora.agreements.events`, and its held and cancelled events reach `opora.events.events` with
 * the plan item, for the agreements service to mark the item done and to reopen it.
 */
describe('events and the agreements service through Kafka (real broker)', () => {
  let events: Awaited<ReturnType<typeof startTestEvents>>;
  let net: Network;
  let who: ReturnType<typeof people>;
  let producer: Producer;

  beforeAll(async () => {
    events = await startTestEvents({ env: { LOG_LEVEL: process.env.SPEC_LOG ?? 'fatal' } });
    net = await seedNetwork(events.service.dataSource);
    who = people(net);
    producer = createIdempotentProducer(testKafka());
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await events?.stop();
  });

  const publish = async (event: ReturnType<typeof envelope>) =>
    producer.send({
      topic: topicOf('agreements'),
      messages: [{ key: event.subject, value: encodeEvent(event) }],
    });

  const itemState = async (id: string) =>
    (
      (await events.service.dataSource.query(`select state from plan_item_ref where id = $1`, [id])) as {
        state: string;
      }[]
    )[0]?.state;

  it('links an event to a plan item agreed on the agreements topic; held and cancelled go out with the item', async () => {
    const plan = agreedPlan(net, net.site, [{ kind: 'SEMINAR' }, { kind: 'MASTER_CLASS' }]);
    await publish(envelope('agreements.plan.agreed', plan.planId, plan));
    await eventually(
      async () => (await itemState(plan.items[0].planItemId)) === 'AGREED',
      60_000,
      'пункт плана из Kafka',
    );

    const { planEvent } = await graphqlOk(
      events.url,
      ops.plan,
      { input: remoteSeminar(net, { planItemId: plan.items[0].planItemId }) },
      {},
      { as: who.siteStaff },
    );
    await graphqlOk(events.url, ops.held, { input: { eventId: planEvent.id } }, {}, { as: who.siteStaff });
    await graphqlOk(
      events.url,
      ops.cancel,
      { input: { eventId: planEvent.id, reason: 'Отмечено по ошибке' } },
      {},
      { as: who.siteStaff },
    );

    const mine = (messages: Awaited<ReturnType<typeof readTopicUntil>>) =>
      eventsOf(messages).filter((e) => e.subject === planEvent.id);
    const messages = await readTopicUntil(topicOf('events'), (seen) => mine(seen).length >= 3, 60_000);
    const seen = mine(messages);
    expect(seen.map((e) => e.type)).toEqual([
      'events.event.planned',
      'events.event.held',
      'events.event.cancelled',
    ]);
    for (const event of seen)
      expect(event.data).toMatchObject({
        eventId: planEvent.id,
        planItemId: plan.items[0].planItemId,
        agreementId: plan.ownerId,
      });
    expect(seen[2].data).toMatchObject({ reason: 'Отмечено по ошибке' });
  });

  it('stops linking an item the plan’s owner cancelled, and one left out of a later agreed version', async () => {
    const plan = agreedPlan(net, net.site, [{}, {}]);
    await publish(envelope('agreements.plan.agreed', plan.planId, plan));
    await publish(
      envelope('agreements.plan-item.cancelled', plan.items[0].planItemId, {
        planItemId: plan.items[0].planItemId,
        planId: plan.planId,
        organizationId: net.site,
        municipalityId: net.priozersk,
        cancelledOn: '2026-03-01',
        reason: null,
      }),
    );
    await eventually(
      async () => (await itemState(plan.items[0].planItemId)) === 'CANCELLED',
      60_000,
      'отмена пункта',
    );
    const cancelled = await graphql(
      events.url,
      ops.plan,
      { input: remoteSeminar(net, { planItemId: plan.items[0].planItemId }) },
      {},
      { as: who.siteStaff },
    );
    expect(cancelled.errors?.[0]?.extensions).toMatchObject({
      code: 'PLAN_ITEM_NOT_FOUND',
      field: 'input.planItemId',
    });
    const next = { ...plan, version: 2, items: [plan.items[0]] };
    await publish(envelope('agreements.plan.agreed', plan.planId, next));
    // Version 2 agrees the first item again; the item it leaves out is withdrawn.
    await eventually(
      async () => (await itemState(plan.items[1].planItemId)) === 'WITHDRAWN',
      60_000,
      'версия 2 плана',
    );
    const refused = await graphql(
      events.url,
      ops.plan,
      { input: remoteSeminar(net, { planItemId: plan.items[1].planItemId }) },
      {},
      { as: who.siteStaff },
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'PLAN_ITEM_NOT_FOUND',
      field: 'input.planItemId',
    });
  });

  it('reports the lag of both its consumer groups', async () => {
    const metrics = await (await fetch(events.url.replace(/\/graphql$/, '/metrics'))).text();
    expect(metrics).toMatch(/opora_consumer_lag\{[^}]*group="events\.agreements\.test-/);
    expect(metrics).toMatch(/opora_consumer_lag\{[^}]*group="events\.registry-projection\.test-/);
  });
});
