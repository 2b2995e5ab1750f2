/**
 * Benchmark of the monitoring service, as processes over a real PostgreSQL and Kafka:
 *
 * 1. projection rate: `events` events of the events service (held events and their attendance)
 *    waiting in the topic, then the monitoring service started: events applied per second;
 * 2. the regional comparison for 20 municipalities and 1,000 schools (imported into the registry
 *    by file, projected from its topic, results imported into monitoring): p50/p95 at the subgraph
 *    and through the gateway;
 * 3. lag from a registry write (registerOrganization committed) to its effect in a monitoring
 *    query (the registry topic's applied count in `monitoringFreshness`): p50/p95;
 * 4. time to build the region's XLSX report.
 *
 *   npm run bench:monitoring -- [events=20000] [requests=200] [writes=50]
 *
 * Uses DATABASE_URL / KAFKA_BROKERS when given, else the local PostgreSQL and a local broker.
 * Prints figures with the data sizes and the load average; asserts nothing.
 */
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument --
   a benchmark reads GraphQL answers as plain JSON; their shapes are checked by the specs. */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';

import { dropDatabase } from '@opora/database';
import { eventCatalogue, topicOf } from '@opora/event-contracts';
import type { DomainEvent } from '@opora/event-contracts';
import { createLogger } from '@opora/logger';
import { createIdempotentProducer, createKafka, encodeEvent, ensureTopics } from '@opora/messaging';
import { freePort, startServiceProcess } from '@opora/provision';
import { subgraph } from '@opora/service-manifest';
import { build, percentile, schoolsCsv } from '@opora/testing';

import { provideBenchBase } from './bench-base';
import { benchSubgraphEnvironment } from './gateway-bench-setup';

const totalEvents = Number(process.argv[2] ?? 20_000);
const requests = Number(process.argv[3] ?? 200);
const writes = Number(process.argv[4] ?? 50);

const ms = (n: number) => `${n.toFixed(1)} мс`;
const now = () => Number(process.hrtime.bigint()) / 1e6;

async function post<T = Record<string, any>>(
  url: string,
  token: string,
  query: string,
  variables: unknown = {},
): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length) throw new Error(JSON.stringify(body.errors).slice(0, 500));
  return body.data!;
}

const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return `p50 ${ms(percentile(sorted, 50))}, p95 ${ms(percentile(sorted, 95))}, max ${ms(sorted[sorted.length - 1])} (${samples.length} запросов)`;
};

function heldEvents(count: number): DomainEvent[] {
  const organizations = Array.from({ length: 200 }, () => randomUUID());
  const municipalities = Array.from({ length: 20 }, () => randomUUID());
  const events: DomainEvent[] = [];
  for (let i = 0; events.length < count; i++) {
    const eventId = randomUUID();
    const organizer = organizations[i % organizations.length];
    const municipalityId = municipalities[i % municipalities.length];
    const day = `2024-${String((i % 9) + 1).padStart(2, '0')}-15`;
    const envelope = (type: 'events.event.held' | 'events.attendance.recorded', data: unknown): DomainEvent =>
      ({
        id: randomUUID(),
        type,
        version: eventCatalogue[type].version,
        occurredAt: new Date().toISOString(),
        source: 'events',
        subject: eventId,
        regionCode: '47',
        data,
      }) as DomainEvent;
    events.push(
      envelope('events.event.held', {
        eventId,
        kind: i % 3 ? 'SEMINAR' : 'TUTORING_SESSION',
        format: i % 2 ? 'REMOTE' : 'IN_PERSON',
        organizerOrganizationId: organizer,
        municipalityId,
        planItemId: null,
        agreementId: null,
        subject: null,
        startsAt: `${day}T10:00:00+03:00`,
        endsAt: `${day}T12:00:00+03:00`,
      }),
      envelope('events.attendance.recorded', {
        eventId,
        kind: i % 3 ? 'SEMINAR' : 'TUTORING_SESSION',
        organizerOrganizationId: organizer,
        municipalityId,
        heldOn: day,
        participants: 20,
        attended: 18,
        hours: 36,
        byOrganization: [
          { organizationId: organizations[(i + 1) % organizations.length], attended: 10, hours: 20 },
          { organizationId: organizations[(i + 2) % organizations.length], attended: 8, hours: 16 },
        ],
      }),
    );
  }
  return events.slice(0, count);
}

async function main(): Promise<void> {
  const stops: (() => Promise<void>)[] = [];
  const say = (line: string) => process.stdout.write(`${line}\n`);
  try {
    const base = await provideBenchBase((stop) => void stops.unshift(stop));
    const { auth, brokers } = base;
    const suffix = randomUUID().slice(0, 8);
    const databases = {
      registry: `bench_mon_registry_${suffix}`,
      monitoring: `bench_mon_monitoring_${suffix}`,
    };
    for (const name of Object.values(databases)) stops.unshift(() => dropDatabase(base.databaseUrl, name));
    const admin = await base.sign({
      subject: 'bench-admin',
      name: 'Замер',
      role: 'PLATFORM_ADMIN',
      regionCode: null,
    });

    // 1. Events waiting in the topic, then the service: its projection's rate.
    const kafka = createKafka(
      { brokers: brokers.split(','), clientId: 'bench-monitoring' },
      createLogger({ service: 'bench', level: 'fatal' }),
    );
    await ensureTopics(
      kafka,
      ['registry', 'agreements', 'events'].map((s) => ({
        topic: topicOf(s as 'events'),
        partitions: 3,
        replicationFactor: 1,
      })),
    );
    const producer = createIdempotentProducer(kafka);
    await producer.connect();
    const events = heldEvents(totalEvents);
    const producedFrom = now();
    for (let i = 0; i < events.length; i += 1000)
      await producer.send({
        topic: topicOf('events'),
        messages: events.slice(i, i + 1000).map((e) => ({ key: e.subject, value: encodeEvent(e) })),
      });
    await producer.disconnect();
    say(`событий сервиса мероприятий в топике: ${totalEvents} (записаны за ${ms(now() - producedFrom)})`);

    const registry = await startServiceProcess({
      name: 'registry',
      entry: subgraph('registry').entry,
      port: await freePort(),
      env: benchSubgraphEnvironment(base, databases.registry),
    });
    stops.unshift(registry.stop);
    const startedAt = now();
    const monitoring = await startServiceProcess({
      name: 'monitoring',
      entry: subgraph('monitoring').entry,
      port: await freePort(),
      env: {
        ...benchSubgraphEnvironment(base, databases.monitoring),
        PROJECTIONS_CONSUMER_GROUP: `bench-${suffix}`,
      },
    });
    stops.unshift(monitoring.stop);
    const readyAt = now();
    const applied = async (source: string) => {
      const data = await post<{ monitoringFreshness: { source: string; eventsApplied: number }[] }>(
        monitoring.graphqlUrl,
        admin,
        '{ monitoringFreshness { source eventsApplied } }',
      );
      return data.monitoringFreshness.find((f) => f.source === source)!.eventsApplied;
    };
    while ((await applied('events')) < totalEvents) await new Promise((r) => setTimeout(r, 50));
    const doneAt = now();
    say(
      `1. проекции: ${totalEvents} событий применены за ${ms(doneAt - readyAt)} после готовности сервиса ` +
        `(старт ${ms(readyAt - startedAt)}): ${Math.round(totalEvents / ((doneAt - readyAt) / 1000))} событий/с`,
    );

    const gateway = await startServiceProcess({
      name: 'gateway',
      entry: 'apps/gateway/src/main.ts',
      port: await freePort(),
      env: {
        ...auth,
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        REGISTRY_URL: registry.graphqlUrl,
        MONITORING_URL: monitoring.graphqlUrl,
      },
    });
    stops.unshift(gateway.stop);

    // 2. A region of 20 municipalities and 1,000 schools through the registry, results into monitoring.
    const names = Array.from({ length: 20 }, (_, i) => `Муниципальный район № ${i + 1}`);
    const csv = schoolsCsv(1000, names);
    const { createRegion } = await post(
      registry.graphqlUrl,
      admin,
      'mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }',
      {
        i: build.region({ code: '47', name: 'Ленинградская область' }),
      },
    );
    const regionId = createRegion.id as string;
    const before = await applied('registry');
    await post(
      registry.graphqlUrl,
      admin,
      'mutation($i: ImportOrganizationsInput!) { importOrganizations(input: $i) { outcome } }',
      {
        i: {
          regionId,
          fileName: 'schools.csv',
          contentBase64: Buffer.from(csv).toString('base64'),
          createMissingMunicipalities: true,
        },
      },
    );
    while ((await applied('registry')) < before + 1020) await new Promise((r) => setTimeout(r, 100));
    const results = [
      'ОГРН;Учебный год;Участники;Высокие;Не менее 160',
      ...csv
        .trim()
        .split('\n')
        .slice(1)
        .map((line, i) => {
          const total = 20 + (i % 60);
          const atLeast160 = Math.round(total * (0.4 + ((i * 37) % 55) / 100));
          return `${line.split(';')[0]};2023-2024;${total};${Math.round((atLeast160 * ((i * 13) % 70)) / 100)};${atLeast160}`;
        }),
    ].join('\n');
    await post(
      monitoring.graphqlUrl,
      admin,
      'mutation($i: ImportMeasurementsInput!) { importMeasurements(input: $i) { outcome } }',
      {
        i: {
          regionId,
          fileName: 'results.csv',
          contentBase64: Buffer.from(results).toString('base64'),
          values: [{ indicatorCode: 'EGE_THREE_SUBJECTS_PARTICIPANTS', column: 'Участники' }],
          shares: [
            {
              indicatorCode: 'EGE_THREE_SUBJECTS_SHARE_HIGH',
              countColumn: 'Высокие',
              totalColumn: 'Участники',
            },
            {
              indicatorCode: 'EGE_THREE_SUBJECTS_SHARE_BELOW_THRESHOLD',
              countColumn: 'Не менее 160',
              totalColumn: 'Участники',
              complement: true,
            },
          ],
        },
      },
    );
    const selection = `compareMunicipalities(indicatorCode: "EGE_THREE_SUBJECTS_SHARE_HIGH", period: "2023-2024") {
      average schools rows { id name schools average median rank supportedSchools } freshness { source lagEvents } }`;
    const atSubgraph = () =>
      post(
        monitoring.graphqlUrl,
        admin,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Region { ${selection} } } }`,
        {
          r: [{ __typename: 'Region', id: regionId }],
        },
      );
    const atGateway = () =>
      post(gateway.graphqlUrl, admin, `{ regionByCode(code: "47") { id ${selection} } }`);
    const check = (await atGateway()).regionByCode.compareMunicipalities;
    for (let i = 0; i < 20; i++) {
      await atSubgraph();
      await atGateway();
    }
    const sub: number[] = [];
    const gw: number[] = [];
    for (let i = 0; i < requests; i++) {
      let t = now();
      await atSubgraph();
      sub.push(now() - t);
      t = now();
      await atGateway();
      gw.push(now() - t);
    }
    say(`2. сравнение муниципалитетов (${check.rows.length} МО, ${check.schools} школ со значением):`);
    say(`   в подграфе monitoring: ${stats(sub)}`);
    say(`   через шлюз:            ${stats(gw)}`);

    // 3. Registry write → its effect in a monitoring query.
    const { regionByCode } = await post(
      registry.graphqlUrl,
      admin,
      '{ regionByCode(code: "47") { municipalities { id } } }',
    );
    const municipalityId = regionByCode.municipalities[0].id as string;
    const lags: number[] = [];
    for (let i = 0; i < writes; i++) {
      const seen = await applied('registry');
      const t = now();
      await post(
        registry.graphqlUrl,
        admin,
        'mutation($i: RegisterOrganizationInput!) { registerOrganization(input: $i) { id } }',
        {
          i: build.school(municipalityId),
        },
      );
      while ((await applied('registry')) <= seen) await new Promise((r) => setTimeout(r, 5));
      lags.push(now() - t);
    }
    say(`3. запись в реестре → видна в запросе мониторинга: ${stats(lags)}`);

    // 4. The region's XLSX report.
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 10; i++) {
      const t = now();
      const file = await post(
        monitoring.graphqlUrl,
        admin,
        `query($i: ReportInput!) { monitoringReportFile(input: $i, format: XLSX) { contentBase64 } }`,
        { i: { subject: 'REGION', id: regionId, from: '2023-09-01', to: '2024-08-31' } },
      );
      times.push(now() - t);
      bytes = Buffer.from(file.monitoringReportFile.contentBase64, 'base64').length;
    }
    say(`4. XLSX-отчёт региона (20 МО, 1 000 школ): ${stats(times)}, ${bytes} байт`);
    say(
      `машина: ${cpus().length} ядер, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
