import type { DataSource } from 'typeorm';
import { createServiceDataSource } from '@opora/database';
import { topicOf } from '@opora/event-contracts';
import { createLogger } from '@opora/logger';
import { createIdempotentProducer, IdempotentConsumer, MessagingTables1764000000000 } from '@opora/messaging';
import { freePort, startServiceProcess } from '@opora/provision';
import type { ServiceProcess } from '@opora/provision';
import {
  build,
  createTestDatabase,
  eventually,
  graphql,
  graphqlOk,
  readTopicUntil,
  testInfra,
  testKafka,
  uniqueSuffix,
} from '@opora/testing';
import { startRegistryProcess } from './support';

/**
 * The walking skeleton end to end: registry and gateway as real processes, a real GraphQL
 * client, real PostgreSQL and Kafka. A region, a municipality and a school are created through
 * the gateway and read back through it; `registry.organization.created` arrives on Kafka and is
 * applied exactly once by an idempotent consumer, also when the same message comes twice.
 */
describe('walking skeleton through the gateway', () => {
  let consumerDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let registry: ServiceProcess;
  let gateway: ServiceProcess;
  let consumerData: DataSource;

  beforeAll(async () => {
    const infra = testInfra();
    consumerDb = await createTestDatabase('e2e_consumer');
    registry = await startRegistryProcess('e2e_registry');
    gateway = await startServiceProcess({
      name: 'gateway',
      entry: 'apps/gateway/src/main.ts',
      port: await freePort(),
      env: { REGISTRY_URL: registry.graphqlUrl, HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    });
    consumerData = createServiceDataSource({
      serverUrl: infra.databaseUrl,
      database: consumerDb.name,
      entities: [],
      migrations: [MessagingTables1764000000000],
    });
    await consumerData.initialize();
    await consumerData.runMigrations();
    await consumerData.query(
      `create table school_projection (organization_id uuid primary key, full_name text not null)`,
    );
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await registry?.stop();
    await consumerData?.destroy();
    await consumerDb?.drop();
  });

  it('creates a region, a municipality and a school through the gateway, reads them back, and the event is applied exactly once', async () => {
    const url = gateway.graphqlUrl;
    const { createRegion } = await graphqlOk(
      url,
      `mutation($i: CreateRegionInput!) { createRegion(input: $i) { id code } }`,
      {
        i: build.region({ code: '47', name: 'Ленинградская область' }),
      },
    );
    const { createMunicipality } = await graphqlOk(
      url,
      `mutation($i: CreateMunicipalityInput!) { createMunicipality(input: $i) { id } }`,
      {
        i: build.municipality(createRegion.id, { name: 'Приозерский муниципальный район' }),
      },
    );
    const school = build.school(createMunicipality.id, {
      fullName: 'Муниципальное общеобразовательное учреждение «Средняя общеобразовательная школа № 4»',
      shortName: 'МОУ «СОШ № 4»',
    });
    const { registerOrganization } = await graphqlOk(
      url,
      `mutation($i: RegisterOrganizationInput!) { registerOrganization(input: $i) { id } }`,
      {
        i: school,
      },
    );

    const readBack = await graphqlOk(
      url,
      `query($id: UUID!, $region: String!) {
        organization(id: $id) { fullName shortName kind inn ogrn municipality { name region { code name } } }
        regionByCode(code: $region) { municipalities { name organizations { id } } }
      }`,
      { id: registerOrganization.id, region: '47' },
    );
    expect(readBack.organization).toEqual({
      fullName: school.fullName,
      shortName: 'МОУ «СОШ № 4»',
      kind: 'SCHOOL',
      inn: school.inn,
      ogrn: school.ogrn,
      municipality: {
        name: 'Приозерский муниципальный район',
        region: { code: '47', name: 'Ленинградская область' },
      },
    });
    expect(readBack.regionByCode.municipalities).toEqual([
      { name: 'Приозерский муниципальный район', organizations: [{ id: registerOrganization.id }] },
    ]);

    // The event reaches Kafka, keyed by the organization.
    const topic = topicOf('registry');
    const messages = await readTopicUntil(topic, (seen) =>
      seen.some((m) => m.key?.toString() === registerOrganization.id),
    );
    const message = messages.find((m) => m.key?.toString() === registerOrganization.id)!;
    const envelope = JSON.parse(message.value!.toString());
    expect(envelope).toMatchObject({
      type: 'registry.organization.created',
      version: 1,
      source: 'registry',
      subject: registerOrganization.id,
      regionCode: '47',
    });
    expect(envelope.data).toMatchObject({
      organizationId: registerOrganization.id,
      kind: 'SCHOOL',
      ogrn: school.ogrn,
    });

    // An idempotent consumer applies it once, also when the same message is delivered again.
    const logger = createLogger({ service: 'test', level: 'fatal' });
    const duplicates: string[] = [];
    const consumer = new IdempotentConsumer({
      kafka: testKafka(),
      dataSource: consumerData,
      groupId: `e2e-projection-${uniqueSuffix()}`,
      topics: [topic],
      logger,
      handlers: {
        'registry.organization.created': async (event, manager) => {
          await manager.query(`insert into school_projection (organization_id, full_name) values ($1, $2)`, [
            event.data.organizationId,
            event.data.fullName,
          ]);
        },
      },
    });
    consumer.onOutcome((outcome, event) => outcome === 'DUPLICATE' && event.id && duplicates.push(event.id));
    await consumer.start();
    try {
      const projected = async () =>
        (await consumerData.query(`select full_name from school_projection where organization_id = $1`, [
          registerOrganization.id,
        ])) as unknown[];
      // The consumer reads the topic from its beginning: every event of every spec run so far on
      // this run's broker (thousands in a full run on a loaded machine), hence the long wait.
      await eventually(async () => (await projected()).length === 1, 75_000, 'школа в проекции');
      const producer = createIdempotentProducer(testKafka());
      await producer.connect();
      await producer.send({
        topic,
        messages: [{ key: message.key, value: message.value, headers: message.headers }],
      });
      await producer.disconnect();
      await eventually(async () => duplicates.includes(envelope.id), 30_000, 'повтор распознан');
      expect(await projected()).toEqual([{ full_name: school.fullName }]);
    } finally {
      await consumer.stop();
    }
  });

  it('answers bad input through the gateway with BAD_USER_INPUT, the field and a Russian message', async () => {
    const result = await graphql(
      gateway.graphqlUrl,
      `
        mutation ($i: CreateRegionInput!) {
          createRegion(input: $i) {
            id
          }
        }
      `,
      {
        i: { code: 'сорок семь', name: 'Ленинградская область' },
      },
    );
    expect(result.errors?.[0]).toMatchObject({
      message: 'Код региона — две цифры, например 47',
      extensions: { code: 'BAD_USER_INPUT', field: 'input.code' },
    });
    const malformed = await graphql(
      gateway.graphqlUrl,
      `
        query ($id: UUID!) {
          organization(id: $id) {
            id
          }
        }
      `,
      { id: 'not-a-uuid' },
    );
    expect(malformed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(malformed.errors?.[0].message).toMatch(/^Неверное значение поля id/);
  });
});
