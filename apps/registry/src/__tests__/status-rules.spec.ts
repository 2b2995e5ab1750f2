import { graphql, graphqlOk } from '@opora/testing';

import { createNetwork, grounds, ops } from './registry-fixtures';
import { startTestRegistry } from './start-registry';

describe('status rules of the seeds (registry subgraph, real PostgreSQL and Kafka)', () => {
  let registry: Awaited<ReturnType<typeof startTestRegistry>>;
  let net: Awaited<ReturnType<typeof createNetwork>>;

  const count = async (table: string) =>
    Number(
      ((await registry.service.dataSource.query(`select count(*) as n from ${table}`)) as { n: string }[])[0]
        .n,
    );
  const snapshot = async () => ({
    statuses: await count('status_assignment'),
    outbox: await count('outbox'),
    audit: await count('audit_entry'),
    people: await count('person'),
  });

  /** Runs a request that must be refused: the code and field, a Russian message, nothing written. */
  async function expectRefused(
    query: string,
    input: Record<string, unknown>,
    code: string,
    field?: string,
  ): Promise<void> {
    const before = await snapshot();
    const result = await graphql(registry.url, query, { input });
    expect(result.errors?.[0]?.extensions?.code).toBe(code);
    if (field) expect(result.errors?.[0]?.extensions?.field).toBe(field);
    expect(result.errors?.[0]?.message).toMatch(/[а-яё]/i);
    expect(await snapshot()).toEqual(before);
  }

  /** The region's administrator: may read people's names and the audit trail (the platform's operator may not). */
  const regionAdmin = () => ({
    subject: 'test-region-admin',
    role: 'REGION_ADMIN' as const,
    regionCode: net.region.code,
  });

  beforeAll(async () => {
    // The rules are exercised in 2021, while these statuses run (their past is another spec's subject).
    registry = await startTestRegistry({ today: () => '2021-06-01' });
    net = await createNetwork(registry.url);
  });

  afterAll(async () => {
    await registry?.stop();
  });

  const trainingSite = async (over: Record<string, unknown> = {}) => ({
    organizationId: await net.school(),
    kind: 'TRAINING_SITE',
    theme: 'Повышение качества образования в школах с низкими результатами',
    grounds,
    programmeId: await net.programme(),
    assigningOrderId: await net.order(net.homeAuthority),
    ...over,
  });

  describe('000 §4.1; 002 §1.3: a status rests on an order of the education authority of its municipality or region', () => {
    it('assigns on the municipal authority’s order, with the event and the audit line in the same transaction', async () => {
      const input = await trainingSite();
      const { assignStatus } = await graphqlOk(registry.url, ops.assign, { input });
      expect(assignStatus).toMatchObject({ kind: 'TRAINING_SITE', state: 'ACTIVE' });
      const events = (await registry.service.dataSource.query(
        `select event_type, payload from outbox where event_type = 'registry.status.assigned' and payload->'data'->>'statusId' = $1`,
        [assignStatus.id],
      )) as { payload: { data: { organizationId: string; kind: string } } }[];
      expect(events).toHaveLength(1);
      expect(events[0].payload.data).toMatchObject({
        organizationId: input.organizationId,
        kind: 'TRAINING_SITE',
      });
      const audit = (await registry.service.dataSource.query(
        `select action from audit_entry where entity_id = $1`,
        [assignStatus.id],
      )) as { action: string }[];
      expect(audit.map((a) => a.action)).toEqual(['ASSIGNED']);
    });

    it('refuses an order issued by a school (not an education authority)', async () => {
      const school = await net.school();
      await expectRefused(
        ops.assign,
        await trainingSite({ assigningOrderId: await net.order(school) }),
        'ORDER_NOT_BY_AUTHORITY',
        'input.assigningOrderId',
      );
    });

    it('refuses an order of another municipality’s authority', async () => {
      await expectRefused(
        ops.assign,
        await trainingSite({ assigningOrderId: await net.order(net.otherAuthority) }),
        'ORDER_OUT_OF_JURISDICTION',
        'input.assigningOrderId',
      );
    });

    it('accepts the regional authority’s order for a school of any municipality of the region', async () => {
      const input = await trainingSite({ assigningOrderId: await net.order(net.regionalAuthority) });
      await graphqlOk(registry.url, ops.assign, { input });
    });

    it('refuses unknown organization and order ids with the field at fault', async () => {
      await expectRefused(
        ops.assign,
        await trainingSite({ organizationId: '00000000-0000-4000-8000-000000000000' }),
        'ORGANIZATION_NOT_FOUND',
        'input.organizationId',
      );
      await expectRefused(
        ops.assign,
        await trainingSite({ assigningOrderId: '00000000-0000-4000-8000-000000000000' }),
        'ORDER_NOT_FOUND',
        'input.assigningOrderId',
      );
    });
  });

  describe('000 item 1, §1.2: the training site holds for the programme’s period', () => {
    it('takes the programme’s period when none is given', async () => {
      const { assignStatus } = await graphqlOk(registry.url, ops.assign, { input: await trainingSite() });
      expect(assignStatus).toMatchObject({
        validFrom: '2021-01-01',
        validTo: '2023-05-31',
        heldThrough: '2023-05-31',
      });
    });

    it('refuses a training site without a programme', async () => {
      await expectRefused(
        ops.assign,
        await trainingSite({ programmeId: null, validFrom: '2021-01-01' }),
        'PROGRAMME_REQUIRED',
        'input.programmeId',
      );
    });

    it('refuses a period reaching beyond the programme', async () => {
      await expectRefused(
        ops.assign,
        await trainingSite({ validTo: '2023-06-30' }),
        'PERIOD_OUTSIDE_PROGRAMME',
        'input.validTo',
      );
    });

    it('refuses an end before the start', async () => {
      await expectRefused(
        ops.assign,
        {
          organizationId: await net.school(),
          kind: 'UNFAVOURABLE_CONDITIONS',
          theme: 'Сопровождение',
          assigningOrderId: await net.order(net.homeAuthority),
          validFrom: '2022-09-01',
          validTo: '2022-08-31',
        },
        'PERIOD_END_BEFORE_START',
        'input.validTo',
      );
    });
  });

  it('000 §1.5; 002 §1.3: grounds are recorded, and required for a training site and a leader school', async () => {
    await expectRefused(ops.assign, await trainingSite({ grounds: [] }), 'GROUNDS_REQUIRED', 'input.grounds');
    const input = await trainingSite();
    const { assignStatus } = await graphqlOk(registry.url, ops.assign, { input });
    const { status } = await graphqlOk(registry.url, `query($id: UUID!) { status(id: $id) { grounds } }`, {
      id: assignStatus.id,
    });
    expect(status.grounds).toEqual(grounds);
  });

  it('000 §1.4; 002 §1.4: a status is data about the organization — the organization itself is not changed', async () => {
    const input = await trainingSite();
    const before = (await registry.service.dataSource.query(`select * from organization where id = $1`, [
      input.organizationId,
    ])) as unknown[];
    await graphqlOk(registry.url, ops.assign, { input });
    const after = (await registry.service.dataSource.query(`select * from organization where id = $1`, [
      input.organizationId,
    ])) as unknown[];
    expect(after).toEqual(before);
    const updates = await registry.service.dataSource.query(
      `select 1 from outbox where event_type = 'registry.organization.updated' and message_key = $1`,
      [input.organizationId],
    );
    expect(updates).toHaveLength(0);
  });

  describe('one status kind cannot overlap in time for one organization', () => {
    it('refuses an overlapping period of the same kind, naming the conflicting record', async () => {
      const organizationId = await net.school();
      const base = {
        organizationId,
        kind: 'UNFAVOURABLE_CONDITIONS',
        theme: 'Сопровождение школы',
        assigningOrderId: await net.order(net.homeAuthority),
      };
      const first = await graphqlOk(registry.url, ops.assign, {
        input: { ...base, validFrom: '2021-09-01', validTo: '2022-08-31' },
      });
      const before = await snapshot();
      const result = await graphql(registry.url, ops.assign, {
        input: { ...base, validFrom: '2022-08-31', validTo: '2023-08-31' },
      });
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: 'STATUS_PERIOD_OVERLAP',
        field: 'input.validFrom',
        conflictingStatusId: first.assignStatus.id,
      });
      expect(await snapshot()).toEqual(before);
      // The next day is free.
      await graphqlOk(registry.url, ops.assign, {
        input: { ...base, validFrom: '2022-09-01', validTo: '2023-08-31' },
      });
    });

    it('holds under concurrency: of ten simultaneous identical assignments exactly one is written', async () => {
      const input = {
        organizationId: await net.school(),
        kind: 'UNFAVOURABLE_CONDITIONS',
        theme: 'Сопровождение школы',
        assigningOrderId: await net.order(net.homeAuthority),
        validFrom: '2021-09-01',
      };
      const results = await Promise.all(
        Array.from({ length: 10 }, () => graphql(registry.url, ops.assign, { input })),
      );
      expect(results.filter((r) => r.data?.assignStatus)).toHaveLength(1);
      expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'STATUS_PERIOD_OVERLAP')).toHaveLength(
        9,
      );
      const rows = await registry.service.dataSource.query(
        `select 1 from status_assignment where organization_id = $1`,
        [input.organizationId],
      );
      expect(rows).toHaveLength(1);
    });
  });

  describe('decision: a school cannot give and receive help on results at once (docs/decisions.md)', () => {
    it('refuses LOW_RESULTS over a leader school’s period, allows UNFAVOURABLE_CONDITIONS', async () => {
      const organizationId = await net.school();
      const assigningOrderId = await net.order(net.homeAuthority);
      await graphqlOk(registry.url, ops.assign, {
        input: {
          organizationId,
          kind: 'LEADER_SCHOOL',
          theme: 'Методическая поддержка ШНОР',
          grounds: ['Наиболее высокие результаты ГИА в районе (002 §1.3)'],
          assigningOrderId,
          validFrom: '2021-09-01',
        },
      });
      await expectRefused(
        ops.assign,
        { organizationId, kind: 'LOW_RESULTS', theme: 'ШНОР', assigningOrderId, validFrom: '2022-01-01' },
        'STATUS_CONFLICT',
        'input.kind',
      );
      await graphqlOk(registry.url, ops.assign, {
        input: {
          organizationId,
          kind: 'UNFAVOURABLE_CONDITIONS',
          theme: 'ШССУ',
          assigningOrderId,
          validFrom: '2022-01-01',
        },
      });
    });
  });

  describe('000 §4.5, §4.6: an early end needs a stated reason and an order, and takes effect on the order’s date', () => {
    it('ends on the date of the ending order: held through the day before, not on that date', async () => {
      const input = await trainingSite();
      const { assignStatus } = await graphqlOk(registry.url, ops.assign, { input });
      const endingOrderId = await net.order(net.homeAuthority, '2022-03-15', '77-р');
      const { endStatusEarly } = await graphqlOk(registry.url, ops.endEarly, {
        input: { statusId: assignStatus.id, reason: 'PLAN_FULFILLED_EARLY', endingOrderId },
      });
      expect(endStatusEarly).toMatchObject({
        state: 'ENDED',
        endReason: 'PLAN_FULFILLED_EARLY',
        endedOn: '2022-03-15',
        heldThrough: '2022-03-14',
        endingOrder: { number: '77-р' },
      });
      const held = async (activeOn: string) =>
        (
          await graphqlOk(
            registry.url,
            `query($id: UUID!, $d: Date) { organization(id: $id) { statuses(activeOn: $d) { id } } }`,
            { id: input.organizationId, d: activeOn },
          )
        ).organization.statuses.length;
      expect(await held('2022-03-14')).toBe(1);
      expect(await held('2022-03-15')).toBe(0);
      const ended = (await registry.service.dataSource.query(
        `select payload from outbox where event_type = 'registry.status.ended' and payload->'data'->>'statusId' = $1`,
        [assignStatus.id],
      )) as { payload: { data: { reason: string; endedOn: string } } }[];
      expect(ended.map((e) => e.payload.data)).toEqual([
        expect.objectContaining({ reason: 'PLAN_FULFILLED_EARLY', endedOn: '2022-03-15' }),
      ]);
    });

    it.each(['PROGRAMME_ENDED', 'AGREEMENT_ENDED', 'PERIOD_EXPIRED'])(
      'refuses %s as a reason for an early end',
      async (reason) => {
        const { assignStatus } = await graphqlOk(registry.url, ops.assign, { input: await trainingSite() });
        await expectRefused(
          ops.endEarly,
          {
            statusId: assignStatus.id,
            reason,
            endingOrderId: await net.order(net.homeAuthority, '2022-03-15'),
          },
          'EARLY_END_REASON_NOT_ALLOWED',
          'input.reason',
        );
      },
    );

    it('refuses an ending order of another municipality and one dated outside the status’s period', async () => {
      const { assignStatus } = await graphqlOk(registry.url, ops.assign, { input: await trainingSite() });
      await expectRefused(
        ops.endEarly,
        {
          statusId: assignStatus.id,
          reason: 'UNFORESEEN_CIRCUMSTANCES',
          endingOrderId: await net.order(net.otherAuthority, '2022-03-15'),
        },
        'ORDER_OUT_OF_JURISDICTION',
        'input.endingOrderId',
      );
      await expectRefused(
        ops.endEarly,
        {
          statusId: assignStatus.id,
          reason: 'UNFORESEEN_CIRCUMSTANCES',
          endingOrderId: await net.order(net.homeAuthority, '2024-01-10'),
        },
        'END_DATE_OUTSIDE_PERIOD',
        'input.endingOrderId',
      );
    });

    it('refuses to end a status twice', async () => {
      const { assignStatus } = await graphqlOk(registry.url, ops.assign, { input: await trainingSite() });
      const endingOrderId = await net.order(net.homeAuthority, '2022-03-15');
      const input = { statusId: assignStatus.id, reason: 'UNFORESEEN_CIRCUMSTANCES', endingOrderId };
      await graphqlOk(registry.url, ops.endEarly, { input });
      await expectRefused(ops.endEarly, input, 'STATUS_NOT_ACTIVE', 'input.statusId');
    });
  });

  describe('history is never overwritten', () => {
    it('a correction supersedes the record with a new one; both stay readable, the audit trail names who and why', async () => {
      const input = await trainingSite();
      const { assignStatus } = await graphqlOk(registry.url, ops.assign, { input });
      const { correctStatus } = await graphqlOk(registry.url, ops.correct, {
        input: {
          statusId: assignStatus.id,
          theme: 'Тьюторское сопровождение педагогов',
          reason: 'Опечатка в теме',
        },
      });
      expect(correctStatus).toMatchObject({
        state: 'ACTIVE',
        theme: 'Тьюторское сопровождение педагогов',
        correctionReason: 'Опечатка в теме',
        supersedes: { id: assignStatus.id, state: 'SUPERSEDED', theme: input.theme },
      });
      const { organization } = await graphqlOk(
        registry.url,
        `query($id: UUID!) { organization(id: $id) {
           statusHistory { id state theme supersededBy { id } }
           auditTrail(first: 10) { totalCount edges { node { action entityType reason actor } } } } }`,
        { id: input.organizationId },
        undefined,
        { as: regionAdmin() },
      );
      expect(organization.statusHistory).toEqual([
        {
          id: assignStatus.id,
          state: 'SUPERSEDED',
          theme: input.theme,
          supersededBy: { id: correctStatus.id },
        },
        {
          id: correctStatus.id,
          state: 'ACTIVE',
          theme: 'Тьюторское сопровождение педагогов',
          supersededBy: null,
        },
      ]);
      const actions = organization.auditTrail.edges.map((e: { node: { action: string } }) => e.node.action);
      expect(actions.slice(0, 2)).toEqual(['SUPERSEDED', 'ASSIGNED']);
      expect(organization.auditTrail.edges[0].node.reason).toBe('Опечатка в теме');
      await expectRefused(
        ops.correct,
        { statusId: assignStatus.id, theme: 'Ещё раз', reason: 'Повтор' },
        'STATUS_SUPERSEDED',
        'input.statusId',
      );
    });

    it('an organization’s correction keeps the previous values in the audit trail and announces the changed fields', async () => {
      const id = await net.school();
      const { correctOrganization } = await graphqlOk(
        registry.url,
        `mutation($input: CorrectOrganizationInput!) { correctOrganization(input: $input) { id headName auditTrail(first: 1) { edges { node { action changes reason } } } } }`,
        { input: { organizationId: id, headName: 'Иванова А.А.', reason: 'Новый директор' } },
        undefined,
        { as: regionAdmin() },
      );
      expect(correctOrganization.headName).toBe('Иванова А.А.');
      const entry = correctOrganization.auditTrail.edges[0].node;
      expect(entry).toMatchObject({ action: 'CORRECTED', reason: 'Новый директор' });
      expect(JSON.parse(entry.changes)).toEqual({ headName: { from: null, to: 'Иванова А.А.' } });
      const events = (await registry.service.dataSource.query(
        `select payload from outbox where event_type = 'registry.organization.updated' and message_key = $1`,
        [id],
      )) as { payload: { data: { changed: string[] } } }[];
      expect(events.map((e) => e.payload.data.changed)).toEqual([['headName']]);
    });
  });

  describe('000 §4.3: the head of a training site is appointed by the order of the school’s head', () => {
    const appoint = `mutation($input: AppointSiteHeadInput!) { appointSiteHead(input: $input) { id head { fullName position } } }`;

    it('appoints on the school’s own order and refuses the committee’s', async () => {
      const input = await trainingSite();
      const { assignStatus } = await graphqlOk(registry.url, ops.assign, { input });
      const person = { fullName: 'Кондакова Ирина Петровна', position: 'Заместитель директора' };
      await expectRefused(
        appoint,
        { statusId: assignStatus.id, appointingOrderId: await net.order(net.homeAuthority), ...person },
        'HEAD_ORDER_NOT_BY_SCHOOL',
        'input.appointingOrderId',
      );
      const { appointSiteHead } = await graphqlOk(
        registry.url,
        appoint,
        {
          input: {
            statusId: assignStatus.id,
            appointingOrderId: await net.order(input.organizationId),
            ...person,
          },
        },
        undefined,
        { as: regionAdmin() },
      );
      expect(appointSiteHead.head).toEqual(person);
    });
  });

  it.each([
    [
      'a 10 MB theme (refused by the body limit before parsing)',
      { theme: 'т'.repeat(10 * 1024 * 1024) },
      'PAYLOAD_TOO_LARGE',
      undefined,
    ],
    ['a 300 KB theme', { theme: 'т'.repeat(150_000) }, 'BAD_USER_INPUT', 'input.theme'],
    ['a malformed date', { validFrom: '11.03.2021' }, 'BAD_USER_INPUT', 'input.validFrom'],
    ['an unknown status kind', { kind: 'CHAMPION' }, 'BAD_USER_INPUT', 'input.kind'],
  ])('refuses %s and writes nothing', async (_, over, code, field) => {
    await expectRefused(ops.assign, await trainingSite(over), code, field);
  });
});
