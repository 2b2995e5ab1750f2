import { byIdLoader } from '@opora/database';
import { build, graphql, graphqlOk } from '@opora/testing';

import { MunicipalityEntity } from '../modules/municipality/municipality.entity';
import { OrganizationEntity } from '../modules/organization/organization.entity';
import { startTestRegistry } from './start-registry';

const CREATE_REGION = `mutation($input: CreateRegionInput!) { createRegion(input: $input) { id code name } }`;
const CREATE_MUNICIPALITY = `mutation($input: CreateMunicipalityInput!) { createMunicipality(input: $input) { id name } }`;
const REGISTER = `mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { id fullName inn ogrn } }`;

describe('registry subgraph API (real PostgreSQL and Kafka)', () => {
  let registry: Awaited<ReturnType<typeof startTestRegistry>>;
  let municipalityId: string;

  const count = async (table: string) =>
    Number(
      ((await registry.service.dataSource.query(`select count(*) as n from ${table}`)) as { n: string }[])[0]
        .n,
    );
  const snapshot = async () => ({
    regions: await count('region'),
    municipalities: await count('municipality'),
    organizations: await count('organization'),
    outbox: await count('outbox'),
  });

  beforeAll(async () => {
    registry = await startTestRegistry();
    const { createRegion } = await graphqlOk(registry.url, CREATE_REGION, {
      input: build.region({ code: '47' }),
    });
    const { createMunicipality } = await graphqlOk(registry.url, CREATE_MUNICIPALITY, {
      input: build.municipality(createRegion.id, { name: 'Приозерский муниципальный район' }),
    });
    municipalityId = createMunicipality.id;
  });

  afterAll(async () => {
    await registry?.stop();
  });

  it('registers a school and writes its registry.organization.created event in the same transaction', async () => {
    const input = build.school(municipalityId);
    const { registerOrganization } = await graphqlOk(registry.url, REGISTER, { input });
    expect(registerOrganization).toMatchObject({
      fullName: input.fullName,
      inn: input.inn,
      ogrn: input.ogrn,
    });
    const events = (await registry.service.dataSource.query(
      `select event_type, payload from outbox where message_key = $1`,
      [registerOrganization.id],
    )) as { event_type: string; payload: { regionCode: string; data: { ogrn: string } } }[];
    expect(events).toHaveLength(1);
    expect(events[0].event_type).toBe('registry.organization.created');
    expect(events[0].payload.regionCode).toBe('47');
    expect(events[0].payload.data.ogrn).toBe(input.ogrn);
  });

  it('reads rows by id with SQL text into the same entities as TypeORM find does (docs/decisions.md §80)', async () => {
    const input = {
      ...build.school(municipalityId),
      address: 'ул. Ленина, 1',
      locality: 'Сосново',
      headName: 'Иванова И. И.',
    };
    const { registerOrganization } = await graphqlOk(registry.url, REGISTER, { input });
    const { dataSource } = registry.service;
    for (const [target, id] of [
      [OrganizationEntity, registerOrganization.id],
      [MunicipalityEntity, municipalityId],
    ] as const) {
      const found = await dataSource.getRepository<{ id: string }>(target).findOneByOrFail({ id });
      const read = await byIdLoader<{ id: string }>(dataSource, target).load(id);
      expect(read).toEqual(found);
      expect(Object.getPrototypeOf(read)).toBe(target.prototype);
    }
  });

  it.each([
    [
      'an INN with a wrong check digit',
      { inn: '4712000001' },
      'input.inn',
      /ИНН: неверный контрольный разряд/,
    ],
    [
      'an OGRN with a wrong check digit',
      { ogrn: '1024701647781' },
      'input.ogrn',
      /ОГРН: неверный контрольный разряд/,
    ],
    ['an INN of 9 digits', { inn: '471200000' }, 'input.inn', /ИНН организации — 10 цифр/],
    [
      'an empty full name',
      { fullName: '   ' },
      'input.fullName',
      /Полное наименование: не может быть пустым/,
    ],
    ['a 100 KB name', { fullName: 'Ш'.repeat(100_000) }, 'input.fullName', /не длиннее 1000 символов/],
    [
      'a municipality id that is not a UUID',
      { municipalityId: 'Приозерск' },
      'input.municipalityId',
      /Неверное значение поля input.municipalityId: ожидается идентификатор UUID/,
    ],
  ])(
    'rejects %s with BAD_USER_INPUT naming the field, and writes nothing',
    async (_what, override, field, message) => {
      const before = await snapshot();
      const result = await graphql(registry.url, REGISTER, {
        input: { ...build.school(municipalityId), ...override },
      });
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(result.errors?.[0].message).toMatch(message);
      expect(await snapshot()).toEqual(before);
    },
  );

  it('rejects an unknown municipality with MUNICIPALITY_NOT_FOUND, and writes nothing', async () => {
    const before = await snapshot();
    const result = await graphql(registry.url, REGISTER, {
      input: build.school('2f1d7c2e-58a4-4b8e-9d55-0d3f8f1e2a10'),
    });
    expect(result.errors?.[0].extensions).toMatchObject({
      code: 'MUNICIPALITY_NOT_FOUND',
      field: 'input.municipalityId',
    });
    expect(result.errors?.[0].message).toBe('Муниципальное образование не найдено');
    expect(await snapshot()).toEqual(before);
  });

  it("rejects a municipality of an unknown region with REGION_NOT_FOUND naming the field, for a region's administrator too, and writes nothing", async () => {
    const before = await snapshot();
    const result = await graphql(
      registry.url,
      CREATE_MUNICIPALITY,
      { input: build.municipality('2f1d7c2e-58a4-4b8e-9d55-0d3f8f1e2a10') },
      {},
      { as: { subject: 'admin-47', role: 'REGION_ADMIN', regionCode: '47' } },
    );
    expect(result.errors?.[0].extensions).toMatchObject({
      code: 'REGION_NOT_FOUND',
      field: 'input.regionId',
    });
    expect(result.errors?.[0].message).toBe('Регион не найден');
    expect(await snapshot()).toEqual(before);
  });

  it('rejects a second organization with the same OGRN, and writes nothing', async () => {
    const first = build.school(municipalityId);
    await graphqlOk(registry.url, REGISTER, { input: first });
    const before = await snapshot();
    const result = await graphql(registry.url, REGISTER, {
      input: { ...build.school(municipalityId), ogrn: first.ogrn },
    });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'OGRN_TAKEN', field: 'input.ogrn' });
    expect(await snapshot()).toEqual(before);
  });

  it('rejects a duplicate region code with REGION_CODE_TAKEN', async () => {
    const result = await graphql(registry.url, CREATE_REGION, { input: build.region({ code: '47' }) });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'REGION_CODE_TAKEN', field: 'input.code' });
  });

  it('refuses a 10 MB request body before reading it, and writes nothing', async () => {
    const before = await snapshot();
    const response = await fetch(registry.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: REGISTER,
        variables: { input: build.school(municipalityId, { fullName: 'x'.repeat(10 * 1024 * 1024) }) },
      }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await snapshot()).toEqual(before);
  });

  it('resolves N entity representations of Organization, Municipality and Region with a constant number of SQL statements (1 and 500)', async () => {
    // 500 real organizations (inserted directly: this spec is about reading them).
    await registry.service.dataSource.query(
      `insert into organization (id, municipality_id, region_id, kind, full_name, search_key)
       select gen_random_uuid(), m.id, m.region_id, 'SCHOOL', 'Школа № ' || n, 'школа ' || n
         from municipality m, generate_series(1, 500) n where m.id = $1`,
      [municipalityId],
    );
    const ids = (
      (await registry.service.dataSource.query(
        `select id from organization where municipality_id = $1 limit 500`,
        [municipalityId],
      )) as { id: string }[]
    ).map((row) => row.id);
    const regionId = (
      (await registry.service.dataSource.query(`select region_id from municipality where id = $1`, [
        municipalityId,
      ])) as { region_id: string }[]
    )[0].region_id;
    const query = `query($r: [_Any!]!) { _entities(representations: $r) {
      ... on Organization { id fullName municipality { name region { code } } statuses { kind } }
      ... on Municipality { id name }
      ... on Region { id code }
    } }`;
    const statementsFor = async (representations: { __typename: string; id: string }[]) => {
      registry.statements.length = 0;
      const data = await graphqlOk(registry.url, query, { r: representations });
      // The outbox relay shares the data source and wakes every few seconds (and on NOTIFY): its
      // statements are not the request's, and reads run no transactions.
      const own = registry.statements.filter(
        (sql) => !/outbox|pg_try_advisory_xact_lock|^(START TRANSACTION|COMMIT|ROLLBACK)/.test(sql),
      );
      return { statements: own.length, data };
    };
    const extra = [
      { __typename: 'Municipality', id: municipalityId },
      { __typename: 'Region', id: regionId },
    ];
    const one = await statementsFor([{ __typename: 'Organization', id: ids[0] }, ...extra]);
    expect(one.data._entities[0].municipality.region.code).toBe('47');
    const many = await statementsFor([...ids.map((id) => ({ __typename: 'Organization', id })), ...extra]);
    expect(many.data._entities).toHaveLength(502);
    expect(
      many.data._entities
        .slice(0, 500)
        .every((e: any) => e?.municipality?.name === 'Приозерский муниципальный район'),
    ).toBe(true);
    expect(many.data._entities[501]).toEqual({ id: regionId, code: '47' });
    expect(many.statements).toBe(one.statements);
    expect(one.statements).toBeLessThanOrEqual(4);
  });

  it('answers /healthz and /readyz with PostgreSQL and Kafka reachable', async () => {
    const base = registry.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as any).checks).toEqual([
      { name: 'postgres', ok: true },
      { name: 'kafka', ok: true },
    ]);
  });

  it('shows the consumer lag of the agreements consumer on /metrics without the service naming it', async () => {
    const base = registry.url.replace(/\/graphql$/, '');
    const metrics = await (await fetch(`${base}/metrics`)).text();
    const lagOfGroup = metrics
      .split('\n')
      .filter((line) => line.startsWith(`opora_consumer_lag{group="${registry.agreementsGroup}"`));
    expect(lagOfGroup.length).toBeGreaterThan(0);
    expect(lagOfGroup.every((line) => line.includes('topic="opora.agreements.events"'))).toBe(true);
  });
});
