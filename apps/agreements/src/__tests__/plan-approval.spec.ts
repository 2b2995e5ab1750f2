import { randomUUID } from 'node:crypto';

import type { Principal } from '@opora/auth';
import { eventCatalogue, topicOf } from '@opora/event-contracts';
import type { DomainEvent, EventData } from '@opora/event-contracts';
import { createIdempotentProducer, encodeEvent } from '@opora/messaging';
import { eventually, graphql, testKafka } from '@opora/testing';

import { project, registryWorld } from './registry-world';
import { startTestAgreements } from './start-agreements';

/**
 * The Priozersky training site's plan (000 §3.4, §3.5.1, §3.5.2, §4.2): drafted and submitted by
 * the site's head, returned by the Centre of information technologies, corrected and agreed; its
 * items fulfilled by the events service's events through the real broker.
 */
let agreements: Awaited<ReturnType<typeof startTestAgreements>>;
const world = registryWorld();

const head: Principal = {
  subject: 'site-head',
  role: 'SCHOOL_STAFF',
  regionCode: '47',
  municipalityId: world.priozersky,
  organizationId: world.site,
};
const methodologist: Principal = {
  subject: 'cit-methodologist',
  role: 'METHODOLOGIST',
  regionCode: '47',
  municipalityId: world.priozersky,
  organizationId: world.centre,
};
const foreignMethodologist: Principal = { ...methodologist, subject: 'other', municipalityId: randomUUID() };
const schoolMethodologist: Principal = {
  ...methodologist,
  subject: 'school-m',
  organizationId: world.priozerskySchool,
};
const otherSchoolStaff: Principal = {
  ...head,
  subject: 'other-school',
  organizationId: world.priozerskySchool,
};
const operator: Principal = {
  subject: 'op',
  role: 'MUNICIPAL_OPERATOR',
  regionCode: '47',
  municipalityId: world.priozersky,
};
const analyst: Principal = { subject: 'an', role: 'ANALYST', regionCode: '47' };

const PLAN = `id state version agreedVersion items { id topic state fulfilledBy eventId doneOn responsible durationHours }
  versions { version state comments decidedBy { id } items { id topic plannedOn responsible } }`;

async function counts() {
  const [row] = (await agreements.service.dataSource.query(
    `select (select count(*) from plan_item)::int as items, (select count(*) from plan_version)::int as versions,
            (select count(*) from outbox)::int as events`,
  )) as Record<string, number>[];
  return row;
}

async function ok<T = Record<string, any>>(
  query: string,
  variables: Record<string, unknown>,
  as: Principal,
): Promise<T> {
  const response = await graphql(agreements.url, query, variables, {}, { as });
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data as T;
}

async function expectRefused(
  query: string,
  variables: Record<string, unknown>,
  as: Principal,
  code: string,
  field: string,
) {
  const before = await counts();
  const response = await graphql(agreements.url, query, variables, {}, { as });
  expect(response.errors?.[0]?.extensions).toMatchObject(field ? { code, field } : { code });
  expect(response.errors?.[0]?.message).toMatch(/[а-яё]/i);
  expect(await counts()).toEqual(before);
}

const ADD = `mutation ($input: AddPlanItemInput!) { addPlanItem(input: $input) { id plannedOn } }`;
const SUBMIT = `mutation ($planId: UUID!) { submitPlan(input: { planId: $planId }) { ${PLAN} } }`;
const AGREE = `mutation ($planId: UUID!) { agreePlan(input: { planId: $planId }) { ${PLAN} } }`;
const RETURN = `mutation ($planId: UUID!, $comments: String!) { returnPlan(input: { planId: $planId, comments: $comments }) { ${PLAN} } }`;

const item = (planId: string, overrides: Record<string, unknown> = {}) => ({
  planId,
  activityKind: 'DESIGN_SEMINAR',
  topic: 'Проектировочный семинар: анализ результатов ВПР',
  audience: 'Руководители ШНОР района',
  plannedOn: '2021-10-01',
  plannedMonthOnly: true,
  frequency: 'один раз в четверть',
  durationHours: 3,
  responsible: 'Смирнова Анна Викторовна',
  ...overrides,
});

async function outbox(type: string) {
  return (await agreements.service.dataSource.query(
    `select message_key as key, payload from outbox where event_type = $1 order by seq`,
    [type],
  )) as { key: string; payload: { data: Record<string, any> } }[];
}

function eventsEvent<T extends 'events.event.held' | 'events.event.cancelled'>(
  type: T,
  data: EventData<T>,
): DomainEvent {
  eventCatalogue[type].data.parse(data);
  return {
    id: randomUUID(),
    type,
    version: 1,
    occurredAt: new Date().toISOString(),
    source: 'events',
    subject: data.eventId,
    regionCode: '47',
    data,
  } as DomainEvent;
}

const eventData = (eventId: string, planItemId: string) => ({
  eventId,
  kind: 'DESIGN_SEMINAR' as const,
  format: 'REMOTE' as const,
  organizerOrganizationId: world.site,
  municipalityId: world.priozersky,
  planItemId,
  agreementId: null,
  subject: null,
  startsAt: '2021-10-14T10:00:00+03:00',
  endsAt: '2021-10-14T13:00:00+03:00',
});

async function deliver(events: DomainEvent[]) {
  const producer = createIdempotentProducer(testKafka());
  await producer.connect();
  await producer.send({
    topic: topicOf('events'),
    messages: events.map((e) => ({ key: e.subject, value: encodeEvent(e) })),
  });
  await producer.disconnect();
}

beforeAll(async () => {
  agreements = await startTestAgreements();
  await project(agreements.service.dataSource, world.events);
});
afterAll(() => agreements?.stop());

describe('Priozersky: the training site’s plan 2021–2023', () => {
  let planId: string;
  let itemId: string;
  let secondItemId: string;

  it('000 §4.2: the site drafts its plan; items set content, frequency and duration; an item outside the period and a negative duration are refused', async () => {
    const { draftPlan } = await ok<{ draftPlan: { id: string; state: string } }>(
      `mutation ($input: DraftPlanInput!) { draftPlan(input: $input) { id state } }`,
      {
        input: {
          ownerKind: 'TRAINING_SITE_STATUS',
          ownerId: world.siteStatus,
          title: 'План работы муниципальной стажировочной площадки на 2021–2023 годы',
          periodFrom: '2021-09-01',
          periodTo: '2023-05-31',
        },
      },
      head,
    );
    planId = draftPlan.id;
    expect(draftPlan.state).toBe('DRAFT');
    itemId = (await ok<{ addPlanItem: { id: string } }>(ADD, { input: item(planId) }, head)).addPlanItem.id;
    secondItemId = (
      await ok<{ addPlanItem: { id: string } }>(
        ADD,
        {
          input: item(planId, {
            activityKind: 'ROUND_TABLE',
            topic: 'Круглый стол',
            plannedOn: '2022-03-15',
            plannedMonthOnly: false,
          }),
        },
        head,
      )
    ).addPlanItem.id;

    await expectRefused(
      ADD,
      { input: item(planId, { plannedOn: '2023-06-01', plannedMonthOnly: false }) },
      head,
      'PLAN_ITEM_OUTSIDE_PERIOD',
      'input.plannedOn',
    );
    await expectRefused(
      ADD,
      { input: item(planId, { plannedOn: '2021-08-31', plannedMonthOnly: false }) },
      head,
      'PLAN_ITEM_OUTSIDE_PERIOD',
      'input.plannedOn',
    );
    await expectRefused(
      ADD,
      { input: item(planId, { durationHours: -2 }) },
      head,
      'BAD_USER_INPUT',
      'input.durationHours',
    );
    await expectRefused(ADD, { input: item(planId) }, otherSchoolStaff, 'FORBIDDEN', undefined as never);
  });

  it('000 §3.4: a draft cannot be agreed; 000 §3.5.2: the site’s head submits, not the municipal operator', async () => {
    await expectRefused(AGREE, { planId }, methodologist, 'PLAN_TRANSITION_NOT_ALLOWED', 'input.planId');
    await expectRefused(SUBMIT, { planId }, operator, 'FORBIDDEN', 'input.planId');
    const { submitPlan } = await ok<{ submitPlan: { state: string; version: number } }>(
      SUBMIT,
      { planId },
      head,
    );
    expect(submitPlan).toMatchObject({ state: 'SUBMITTED', version: 1 });
    const [submitted] = await outbox('agreements.plan.submitted');
    expect(submitted.key).toBe(world.site);
    expect(submitted.payload.data).toMatchObject({
      planId,
      version: 1,
      itemCount: 2,
      ownerKind: 'TRAINING_SITE_STATUS',
    });
  });

  it('000 §3.4, §3.5.1: a school, a methodologist of another district and a methodologist of a school do not agree the plan', async () => {
    await expectRefused(AGREE, { planId }, head, 'FORBIDDEN', undefined as never);
    await expectRefused(AGREE, { planId }, foreignMethodologist, 'FORBIDDEN', undefined as never);
    await expectRefused(AGREE, { planId }, schoolMethodologist, 'PLAN_AGREER_NOT_CENTRE', 'input.planId');
  });

  it('000 §3.5.1: the centre returns it with comments; the head corrects and submits version 2; the centre agrees; both versions are readable and comparable', async () => {
    const { returnPlan } = await ok<{ returnPlan: { state: string; version: number } }>(
      RETURN,
      { planId, comments: 'Уточнить продолжительность семинара и аудиторию' },
      methodologist,
    );
    expect(returnPlan).toMatchObject({ state: 'RETURNED', version: 2 });
    expect((await outbox('agreements.plan.returned'))[0].payload.data).toMatchObject({
      planId,
      version: 1,
      returnedByOrganizationId: world.centre,
    });

    await ok(
      `mutation ($input: ChangePlanItemInput!) { changePlanItem(input: $input) { id } }`,
      {
        input: {
          ...item(planId, { durationHours: 4, audience: 'Руководители и заместители ШНОР' }),
          planId: undefined,
          itemId,
        },
      },
      head,
    );
    await ok(SUBMIT, { planId }, head);
    const { agreePlan } = await ok<{ agreePlan: Record<string, any> }>(AGREE, { planId }, methodologist);
    expect(agreePlan).toMatchObject({ state: 'AGREED', version: 2, agreedVersion: 2 });
    expect(agreePlan.versions).toEqual([
      expect.objectContaining({
        version: 1,
        state: 'RETURNED',
        comments: 'Уточнить продолжительность семинара и аудиторию',
        decidedBy: { id: world.centre },
      }),
      expect.objectContaining({
        version: 2,
        state: 'AGREED',
        comments: null,
        decidedBy: { id: world.centre },
      }),
    ]);
    const [agreed] = await outbox('agreements.plan.agreed');
    expect(agreed.key).toBe(world.site);
    expect(agreed.payload.data.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ planItemId: itemId, durationHours: 4, plannedOn: '2021-10-01' }),
      ]),
    );

    const { plan } = await ok<{
      plan: { compare: { changed: { id: string }[]; added: unknown[]; removed: unknown[] } };
    }>(
      `query ($id: ID!) { plan(id: $id) { compare(from: 1, to: 2) { added { id } removed { id } changed { id } } } }`,
      { id: planId },
      analyst,
    );
    expect(plan.compare).toEqual({ added: [], removed: [], changed: [{ id: itemId }] });
  });

  it('an agreed plan changes only through a new version', async () => {
    await expectRefused(ADD, { input: item(planId) }, head, 'PLAN_NOT_EDITABLE', 'input.planId');
  });

  it('personal data: the analyst sees the plan without the responsible people; the site sees them', async () => {
    const query = `query ($id: ID!) { plan(id: $id) { items { responsible } versions { items { responsible } } } }`;
    const asAnalyst = await ok<{
      plan: {
        items: { responsible: string | null }[];
        versions: { items: { responsible: string | null }[] }[];
      };
    }>(query, { id: planId }, analyst);
    expect(asAnalyst.plan.items.map((i) => i.responsible)).toEqual([null, null]);
    expect(asAnalyst.plan.versions[0].items.map((i) => i.responsible)).toEqual([null, null]);
    const asHead = await ok<{ plan: { items: { responsible: string | null }[] } }>(
      query,
      { id: planId },
      head,
    );
    expect(asHead.plan.items[0].responsible).toBe('Смирнова Анна Викторовна');
  });

  it('plans across a municipality or region: filters, a Relay page with the total; another region’s filter is FORBIDDEN', async () => {
    const LIST = `query ($filter: PlansFilter, $first: Int, $after: String) {
      plans(filter: $filter, first: $first, after: $after) {
        totalCount
        edges { cursor node { id state periodFrom } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    type Page = {
      plans: {
        totalCount: number;
        edges: { node: { id: string; state: string } }[];
        pageInfo: { hasNextPage: boolean };
      };
    };
    const total = async (filter: Record<string, unknown>) =>
      (await ok<Page>(LIST, { filter, first: 1 }, analyst)).plans.totalCount;
    const mine = await ok<Page>(LIST, { filter: { municipalityId: world.priozersky }, first: 10 }, analyst);
    expect(mine.plans.edges.map((e) => e.node.id)).toContain(planId);
    expect(await total({ regionCode: '47', state: 'AGREED' })).toBeGreaterThanOrEqual(1);
    expect(await total({ regionCode: '47', state: 'DRAFT', municipalityId: world.priozersky })).toBe(
      mine.plans.edges.filter((e) => e.node.state === 'DRAFT').length,
    );
    expect(await total({ municipalityId: world.priozersky, activeOn: '2022-09-01' })).toBeGreaterThanOrEqual(
      1,
    );
    expect(await total({ municipalityId: world.priozersky, activeOn: '2030-01-01' })).toBe(0);
    const refused = await graphql(
      agreements.url,
      LIST,
      { filter: { regionCode: '23' } },
      {},
      { as: analyst },
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'filter.regionCode' });
    const foreignAnalyst: Principal = { subject: 'an77', role: 'ANALYST', regionCode: '77' };
    expect((await ok<Page>(LIST, {}, foreignAnalyst)).plans.totalCount).toBe(0);
  });

  it('decision §54: a held event fulfils its item once, also delivered twice; its cancellation reopens it; a cancellation read before the held keeps the item planned', async () => {
    const eventId = randomUUID();
    const held = eventsEvent('events.event.held', eventData(eventId, itemId));
    await deliver([held, held]);
    const itemState = async (id: string) =>
      (
        (await agreements.service.dataSource.query(
          `select state, fulfilled_by, event_id, done_on::text from plan_item where id = $1`,
          [id],
        )) as Record<string, string | null>[]
      )[0];
    await eventually(async () => (await itemState(itemId)).state === 'DONE', 30_000);
    expect(await itemState(itemId)).toEqual({
      state: 'DONE',
      fulfilled_by: 'EVENT',
      event_id: eventId,
      done_on: '2021-10-14',
    });
    const done = (await outbox('agreements.plan-item.done')).filter(
      (e) => e.payload.data.planItemId === itemId,
    );
    expect(done).toHaveLength(1);
    expect(done[0].key).toBe(world.site);
    expect(done[0].payload.data).toMatchObject({ fulfilledBy: 'EVENT', eventId, doneOn: '2021-10-14' });

    await deliver([
      eventsEvent('events.event.cancelled', { ...eventData(eventId, itemId), reason: 'Перенесено' }),
    ]);
    await eventually(async () => (await itemState(itemId)).state === 'PLANNED', 30_000);
    const reopened = (await outbox('agreements.plan-item.reopened')).filter(
      (e) => e.payload.data.planItemId === itemId,
    );
    expect(reopened).toHaveLength(1);
    expect(reopened[0].payload.data.eventId).toBe(eventId);

    // Out of order: the second item's event is cancelled before its «held» is read.
    const lateId = randomUUID();
    const lateHeld = eventsEvent('events.event.held', eventData(lateId, secondItemId));
    await deliver([
      eventsEvent('events.event.cancelled', { ...eventData(lateId, secondItemId), reason: null }),
      lateHeld,
    ]);
    // Both messages share a key: once the inbox holds the «held», both have been applied.
    await eventually(async () => {
      const rows = (await agreements.service.dataSource.query(`select 1 from inbox where event_id = $1`, [
        lateHeld.id,
      ])) as unknown[];
      return rows.length === 1;
    }, 30_000);
    expect((await itemState(secondItemId)).state).toBe('PLANNED');
    expect(
      (await outbox('agreements.plan-item.done')).filter((e) => e.payload.data.planItemId === secondItemId),
    ).toHaveLength(0);
  });

  it('items of the agreed plan are marked done by hand or cancelled once; a new version reopens the plan for changes and keeps the agreed one', async () => {
    const DONE = `mutation ($id: UUID!) { markPlanItemDone(input: { itemId: $id, doneOn: "2022-03-15" }) { state fulfilledBy doneOn } }`;
    const done = await ok<{ markPlanItemDone: Record<string, string> }>(DONE, { id: secondItemId }, head);
    expect(done.markPlanItemDone).toEqual({ state: 'DONE', fulfilledBy: 'MANUAL', doneOn: '2022-03-15' });
    expect(
      (await outbox('agreements.plan-item.done')).filter((e) => e.payload.data.planItemId === secondItemId),
    ).toEqual([
      expect.objectContaining({
        payload: expect.objectContaining({
          data: expect.objectContaining({ fulfilledBy: 'MANUAL', eventId: null }),
        }),
      }),
    ]);
    await expectRefused(DONE, { id: secondItemId }, head, 'PLAN_ITEM_TRANSITION_NOT_ALLOWED', 'input.itemId');

    const CANCEL = `mutation ($id: UUID!) { cancelPlanItem(input: { itemId: $id, reason: "Нет участников" }) { state cancelReason } }`;
    expect(
      (await ok<{ cancelPlanItem: Record<string, string> }>(CANCEL, { id: itemId }, head)).cancelPlanItem,
    ).toEqual({
      state: 'CANCELLED',
      cancelReason: 'Нет участников',
    });
    expect((await outbox('agreements.plan-item.cancelled')).map((e) => e.payload.data.planItemId)).toEqual([
      itemId,
    ]);
    await expectRefused(CANCEL, { id: itemId }, head, 'PLAN_ITEM_TRANSITION_NOT_ALLOWED', 'input.itemId');

    const { revisePlan } = await ok<{
      revisePlan: { state: string; version: number; agreedVersion: number };
    }>(
      `mutation ($id: UUID!) { revisePlan(input: { planId: $id }) { state version agreedVersion } }`,
      { id: planId },
      head,
    );
    expect(revisePlan).toEqual({ state: 'DRAFT', version: 3, agreedVersion: 2 });
    await ok(ADD, { input: item(planId, { topic: 'Мастер-класс', activityKind: 'MASTER_CLASS' }) }, head);
    await expectRefused(AGREE, { planId }, methodologist, 'PLAN_TRANSITION_NOT_ALLOWED', 'input.planId');
    const { plan } = await ok<{ plan: { versions: { version: number; state: string; items: unknown[] }[] } }>(
      `query ($id: ID!) { plan(id: $id) { versions { version state items { id } } } }`,
      { id: planId },
      analyst,
    );
    expect(plan.versions.map((v) => [v.version, v.state, v.items.length])).toEqual([
      [1, 'RETURNED', 2],
      [2, 'AGREED', 2],
    ]);
  });
});
