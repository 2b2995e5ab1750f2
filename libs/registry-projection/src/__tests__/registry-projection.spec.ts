import { randomUUID } from 'node:crypto';

import type { DataSource } from 'typeorm';
import { createServiceDataSource } from '@opora/database';
import { eventCatalogue } from '@opora/event-contracts';
import type { DomainEvent, EventData, EventType } from '@opora/event-contracts';
import { createLogger } from '@opora/logger';
import {
  createIdempotentProducer,
  encodeEvent,
  ensureTopics,
  MessagingTables1764000000000,
} from '@opora/messaging';
import type { Producer } from '@opora/messaging';
import { createTestDatabase, eventually, testInfra, testKafka, uniqueSuffix } from '@opora/testing';

import {
  RegistryProjection,
  registryProjectionEntities,
  RegistryProjectionTables1764000000020,
  startRegistryProjection,
} from '..';

const logger = createLogger({ service: 'test', level: (process.env.SPEC_LOG as 'info') ?? 'fatal' });

function envelope<T extends EventType>(type: T, subject: string, data: EventData<T>): DomainEvent {
  return {
    id: randomUUID(),
    type,
    version: eventCatalogue[type].version,
    occurredAt: new Date().toISOString(),
    source: 'registry',
    subject,
    regionCode: '47',
    data,
  } as DomainEvent;
}

/** The registry's history of two schools of the Leningrad region, as it announces it. */
function history() {
  const region = randomUUID();
  const priozersky = randomUUID();
  const pavlovsky = randomUUID();
  const school = randomUUID();
  const leader = randomUUID();
  const lowResults = randomUUID();
  const correction = randomUUID();
  const leaderStatus = randomUUID();
  const org = (id: string, municipalityId: string, fullName: string) => ({
    organizationId: id,
    municipalityId,
    regionId: region,
    kind: 'SCHOOL' as const,
    fullName,
    shortName: null,
    inn: null,
    ogrn: id === school ? '1024701647891' : null,
  });
  const status = (
    id: string,
    organizationId: string,
    kind: 'LOW_RESULTS' | 'LEADER_SCHOOL',
    validTo: string | null,
  ) => ({
    statusId: id,
    organizationId,
    municipalityId: priozersky,
    kind,
    theme: 'Повышение качества образования',
    programmeId: null,
    assigningOrderId: randomUUID(),
    validFrom: '2021-01-01',
    validTo,
    correctsStatusId: null,
  });
  const events = [
    envelope('registry.region.created', region, {
      regionId: region,
      code: '47',
      name: 'Ленинградская область',
      timeZone: 'Europe/Moscow',
    }),
    envelope('registry.municipality.created', priozersky, {
      municipalityId: priozersky,
      regionId: region,
      name: 'Приозерский муниципальный район',
      oktmo: '41639000',
    }),
    envelope('registry.municipality.created', pavlovsky, {
      municipalityId: pavlovsky,
      regionId: region,
      name: 'Павловский район',
      oktmo: null,
    }),
    envelope('registry.organization.created', school, org(school, priozersky, 'МОУ «СОШ № 4»')),
    envelope('registry.organization.created', leader, org(leader, priozersky, 'МОУ «Гимназия»')),
    envelope('registry.status.assigned', school, status(lowResults, school, 'LOW_RESULTS', '2023-05-31')),
    // A correction of the period (the registry supersedes, never overwrites).
    envelope('registry.status.assigned', school, {
      ...status(correction, school, 'LOW_RESULTS', '2022-12-31'),
      correctsStatusId: lowResults,
    }),
    envelope('registry.status.assigned', leader, status(leaderStatus, leader, 'LEADER_SCHOOL', null)),
    envelope('registry.status.ended', leader, {
      statusId: leaderStatus,
      organizationId: leader,
      municipalityId: priozersky,
      kind: 'LEADER_SCHOOL',
      reason: 'AGREEMENT_ENDED',
      endedOn: '2024-03-01',
      endingOrderId: null,
    }),
    envelope('registry.organization.updated', school, {
      ...org(school, pavlovsky, 'МОУ «СОШ № 4»'),
      changed: ['municipalityId'],
      reason: 'Ошибка при вводе',
    }),
  ];
  return { events, region, pavlovsky, school, leader, lowResults, correction, leaderStatus };
}

async function projectionDatabase(prefix: string) {
  const db = await createTestDatabase(prefix);
  const dataSource = createServiceDataSource({
    serverUrl: testInfra().databaseUrl,
    database: db.name,
    entities: registryProjectionEntities,
    migrations: [MessagingTables1764000000000, RegistryProjectionTables1764000000020],
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return { db, dataSource };
}

async function dump(dataSource: DataSource) {
  const tables = ['projected_region', 'projected_municipality', 'projected_organization', 'projected_status'];
  return Object.fromEntries(
    await Promise.all(
      tables.map(async (t) => [t, await dataSource.query(`select * from ${t} order by id`)] as const),
    ),
  );
}

describe('registry projection, fed by the registry topic over real Kafka into real PostgreSQL', () => {
  const kafka = testKafka();
  const topic = `opora.registry.events.projection-${uniqueSuffix()}`;
  const opened: { db: { drop: () => Promise<void> }; dataSource: DataSource }[] = [];
  const stops: (() => Promise<void>)[] = [];
  let producer: Producer;
  const story = history();

  beforeAll(async () => {
    await ensureTopics(kafka, [{ topic, partitions: 3, replicationFactor: 1 }]);
    producer = createIdempotentProducer(kafka);
    await producer.connect();
    const messages = story.events.map((e) => ({ key: e.subject, value: encodeEvent(e) }));
    const update = messages.pop()!;
    // One event delivered twice, then a message no service can read, then the school's update
    // (same key, same partition: applied only if the projection carries on past the bad one).
    messages.push({ key: story.events[5]!.subject, value: encodeEvent(story.events[5]!) });
    messages.push({ key: story.school, value: Buffer.from('{"not":"an event"}') });
    messages.push(update);
    await producer.send({ topic, messages });
  });

  afterAll(async () => {
    for (const stop of stops) await stop();
    await producer?.disconnect();
    for (const { db, dataSource } of opened) {
      await dataSource.destroy();
      await db.drop();
    }
  });

  async function project(prefix: string) {
    const opening = await projectionDatabase(prefix);
    opened.push(opening);
    const running = await startRegistryProjection({
      kafka,
      dataSource: opening.dataSource,
      logger,
      groupId: `projection-spec.${prefix}.${uniqueSuffix()}`,
      topic,
    });
    stops.push(running.stop);
    const projection = new RegistryProjection(opening.dataSource);
    await eventually(async () => {
      const ended = await projection.statusHistory(story.leader);
      expect(ended.map((s) => s.state)).toEqual(['ENDED']);
      expect((await projection.organization(story.school))?.municipalityId).toBe(story.pavlovsky);
      return true;
    }, 60_000);
    return { ...opening, projection };
  }

  it('answers what a service asks: place, statuses held on a day and throughout a period, by OGRN', async () => {
    const { projection } = await project('projection');

    expect(await projection.placeOf(story.school)).toEqual({
      regionId: story.region,
      regionCode: '47',
      municipalityId: story.pavlovsky,
      organizationId: story.school,
    });
    expect((await projection.region(story.region))?.timeZone).toBe('Europe/Moscow');
    expect((await projection.organizationByOgrn('1024701647891'))?.id).toBe(story.school);
    expect(await projection.placeOf(randomUUID())).toBeNull();

    // The correction replaced the first record: held through 31.12.2022, not after.
    const heldIn2022 = await projection.statusesHeldOn(story.school, '2022-12-31', ['LOW_RESULTS']);
    expect(heldIn2022.map((s) => s.id)).toEqual([story.correction]);
    expect(await projection.statusesHeldOn(story.school, '2023-01-01')).toEqual([]);
    expect(
      (await projection.statusHistory(story.school)).find((s) => s.id === story.lowResults),
    ).toMatchObject({
      state: 'SUPERSEDED',
      supersededBy: story.correction,
    });

    // The leader status ended on 01.03.2024 (first day not held), with the agreement.
    expect(
      await projection.statusesHeldThroughout(story.leader, '2023-09-01', '2024-02-29', ['LEADER_SCHOOL']),
    ).toHaveLength(1);
    expect(await projection.statusesHeldThroughout(story.leader, '2023-09-01', '2024-03-01')).toEqual([]);
    expect(await projection.statusesHeldThroughout(story.leader, '2023-09-01', null)).toEqual([]);
    expect(await projection.statusesHeldOn(story.leader, '2023-09-01', ['LOW_RESULTS'])).toEqual([]);
  });

  it('rebuilt from offset zero into an empty database, gives the same rows (the duplicate applied once, the unreadable message set aside)', async () => {
    const first = await project('projection_a');
    const second = await project('projection_b');
    const [a, b] = [await dump(first.dataSource), await dump(second.dataSource)];
    expect(b).toEqual(a);
    expect(a.projected_status).toHaveLength(3);
    expect(a.projected_organization).toHaveLength(2);
    const [inbox] = await first.dataSource.query(
      `select count(*)::int as applied from inbox where outcome = 'APPLIED'`,
    );
    expect(inbox.applied).toBe(story.events.length);
  });
});
