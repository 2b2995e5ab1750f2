import type { Principal } from '@opora/auth';
import { loadAgreementsDemo } from '@opora/demo-data';
import type { Execute } from '@opora/demo-data';
import { freePort, startServiceProcess } from '@opora/provision';
import type { ServiceProcess } from '@opora/provision';
import { eventually, gatewayUrlsOf, graphql, graphqlOk, startSubgraphProcess, uniqueSuffix } from '@opora/testing';
import type { TestSubgraphProcess } from '@opora/testing';

/**
 * Decision §61 across both services, as real processes on a real Kafka behind the gateway: the
 * Priozersky site's plan is agreed in the agreements service (its demo, entered by the people who
 * do it); the events service learns the items; an event held for an item marks it done in the
 * agreements service, and cancelling that event plans the item again.
 */
describe('plan items fulfilled by events, across the agreements and events services', () => {
  let registry: TestSubgraphProcess;
  let agreements: TestSubgraphProcess;
  let events: TestSubgraphProcess;
  let gateway: ServiceProcess;
  const suffix = uniqueSuffix();

  const executeAs =
    (principal: Principal | null): Execute =>
    async <Data>(query: string, variables?: Record<string, unknown>) =>
      (await graphqlOk(gateway.graphqlUrl, query, variables, {}, principal ? { as: principal } : undefined)) as Data;

  beforeAll(async () => {
    [registry, agreements, events] = await Promise.all([
      startSubgraphProcess('registry', {
        prefix: 'ev_ful_registry',
        env: { SCHEDULER_INTERVAL_MS: '0', AGREEMENTS_CONSUMER_GROUP: `registry.agreements.${suffix}` },
      }),
      startSubgraphProcess('agreements', {
        prefix: 'ev_ful_agreements',
        env: {
          REGISTRY_PROJECTION_GROUP: `agreements.registry-projection.${suffix}`,
          EVENTS_CONSUMER_GROUP: `agreements.events.${suffix}`,
        },
      }),
      startSubgraphProcess('events', {
        prefix: 'ev_ful_events',
        env: {
          REGISTRY_PROJECTION_GROUP: `events.registry-projection.${suffix}`,
          AGREEMENTS_CONSUMER_GROUP: `events.agreements.${suffix}`,
        },
      }),
    ]);
    gateway = await startServiceProcess({
      name: 'gateway',
      entry: 'apps/gateway/src/main.ts',
      port: await freePort(),
      env: { ...gatewayUrlsOf({ registry, agreements, events }), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    });
  }, 240_000);

  afterAll(async () => {
    await gateway?.stop();
    await Promise.all([registry?.stop(), agreements?.stop(), events?.stop()]);
  });

  it('held → the item is done in the agreements service; cancelled → it is planned again', async () => {
    const demo = await loadAgreementsDemo(executeAs, executeAs(null));
    const { siteId, planId } = demo.priozersky;
    const planQuery = `query ($id: ID!) { plan(id: $id) { id items { id activityKind state fulfilledBy eventId events { id state } } } }`;
    const { plan } = await graphqlOk(gateway.graphqlUrl, planQuery, { id: planId });
    const item = plan.items[0] as { id: string; activityKind: string; state: string };
    expect(item.state).toBe('PLANNED');
    const { organization } = await graphqlOk(gateway.graphqlUrl, `query ($id: UUID!) { organization(id: $id) { id municipality { id } } }`, { id: siteId });
    const siteStaff: Principal = {
      subject: `site-head-${suffix}`,
      role: 'SCHOOL_STAFF',
      regionCode: '47',
      municipalityId: organization.municipality.id,
      organizationId: siteId,
    };
    const as = { as: siteStaff };

    // The events service learns the agreed items from opora.agreements.events.
    const planned = await eventually(async () => {
      const result = await graphql(gateway.graphqlUrl, `mutation ($input: PlanEventInput!) { planEvent(input: $input) { id planItem { id } } }`, {
        input: {
          organizerOrganizationId: siteId,
          kind: item.activityKind,
          format: 'REMOTE',
          title: 'Семинар по пункту плана стажировочной площадки',
          startsAt: new Date(Date.now() - 3 * 3_600_000).toISOString(),
          endsAt: new Date(Date.now() - 3_600_000).toISOString(),
          link: 'https://sferum.ru/?call_link=priozersk',
          planItemId: item.id,
        },
      }, {}, as);
      return result.data?.planEvent as { id: string } | undefined;
    }, 90_000, 'пункты согласованного плана в сервисе мероприятий');

    await graphqlOk(gateway.graphqlUrl, `mutation ($id: UUID!) { markEventHeld(input: { eventId: $id }) { id } }`, { id: planned.id }, {}, as);
    const itemOf = async () =>
      ((await graphqlOk(gateway.graphqlUrl, planQuery, { id: planId })).plan.items as { id: string; state: string; fulfilledBy: string | null; eventId: string | null; events: { id: string; state: string }[] }[]).find((i) => i.id === item.id)!;
    const done = await eventually(async () => {
      const current = await itemOf();
      return current.state === 'DONE' ? current : undefined;
    }, 60_000, 'пункт плана выполнен');
    expect(done).toMatchObject({ fulfilledBy: 'EVENT', eventId: planned.id, events: [{ id: planned.id, state: 'HELD' }] });

    await graphqlOk(gateway.graphqlUrl, `mutation ($id: UUID!) { cancelEvent(input: { eventId: $id, reason: "Отмечено по ошибке" }) { id } }`, { id: planned.id }, {}, as);
    const reopened = await eventually(async () => {
      const current = await itemOf();
      return current.state === 'PLANNED' ? current : undefined;
    }, 60_000, 'пункт плана снова запланирован');
    expect(reopened).toMatchObject({ fulfilledBy: null, eventId: null, events: [{ id: planned.id, state: 'CANCELLED' }] });
  });
});
