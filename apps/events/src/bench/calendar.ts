/**
 * Benchmark of the events service at the issue's scale: 20,000 events and 200,000 attendance
 * records in one region. Prints: p50/p95 of a month's regional calendar (about 2,000 events, in
 * pages of 200, the gateway's cost limit, organizers resolved by the registry through the gateway), SQL statements per
 * request, the time to record the attendance of 500 participants, the month as .ics (size and
 * time), and the EXPLAIN plans of the calendar's queries.
 *
 *   npm run bench:calendar -- [rounds=30]
 *
 * Uses the local PostgreSQL and a Kafka broker started for the run. Prints figures; asserts nothing.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { devAudience, devIssuer, ensureDevKeys, readPem, signToken } from '@opora/auth';
import type { Principal } from '@opora/auth';
import { parseEnvironment } from '@opora/config';
import { dropDatabase } from '@opora/database';
import { freePort, providePostgres, startLocalKafka, startServiceProcess, workspaceRoot } from '@opora/provision';
import { startService } from '@opora/subgraph-server';
import { percentile } from '@opora/testing';

import { eventsEnvironmentModel } from '../environment';
import { eventsServiceWith } from '../events-service';
import { calendarQuery } from '../modules/event/event.calendar';

const rounds = Number(process.argv[2] ?? 30);
const MONTH = { from: '2026-03-01T00:00:00+03:00', to: '2026-04-01T00:00:00+03:00' };

const calendarOf = (organizer: string) => `query ($f: CalendarFilter!, $after: String) {
  calendar(filter: $f, first: 200, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id title kind format startsAtLocal endsAtLocal link state organizer { ${organizer} } } }
  }
}`;
/** Through the gateway the organizer's name comes from the registry; the events subgraph knows its id only. */
const CALENDAR = calendarOf('id shortName');
const CALENDAR_DIRECT = calendarOf('id');

async function post<T = Record<string, { id: string; url: string }>>(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

interface CalendarPage {
  calendar: { edges: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

/** The whole month: pages of 200 until the last; returns the page times and the events seen. */
async function month(url: string, token: string, regionId: string, query = CALENDAR) {
  const pages: number[] = [];
  let after: string | null = null;
  let events = 0;
  const started = performance.now();
  for (;;) {
    const t = performance.now();
    const data: CalendarPage = await post<CalendarPage>(url, token, query, { f: { regionId, ...MONTH }, after });
    pages.push(performance.now() - t);
    events += data.calendar.edges.length;
    if (!data.calendar.pageInfo.hasNextPage) break;
    after = data.calendar.pageInfo.endCursor;
  }
  return { pages, events, total: performance.now() - started };
}

const stats = (series: number[]) => {
  const sorted = [...series].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
};
const ms = (value: number) => `${value.toFixed(1)} мс`;

async function main(): Promise<void> {
  const postgres = await providePostgres({ embeddedDir: join(workspaceRoot(), '.data/postgres') });
  const kafkaDir = mkdtempSync(join(tmpdir(), 'opora-bench-kafka-'));
  const kafka = await startLocalKafka({ dataDir: kafkaDir });
  const suffix = randomUUID().slice(0, 8);
  const registryDb = `bench_ev_registry_${suffix}`;
  const eventsDb = `bench_events_${suffix}`;
  const keys = ensureDevKeys(join(workspaceRoot(), '.data/keys'));
  const auth = { AUTH_PUBLIC_KEY_FILE: keys.publicKeyFile, AUTH_ISSUER: devIssuer, AUTH_AUDIENCE: devAudience };
  const sign = (principal: Principal) =>
    signToken(principal, { privateKeyPem: readPem(keys.privateKeyFile), issuer: devIssuer, audience: devAudience });

  const registry = await startServiceProcess({
    name: 'registry',
    entry: 'apps/registry/src/main.ts',
    port: await freePort(),
    env: {
      ...auth,
      DATABASE_URL: postgres.url,
      DATABASE_NAME: registryDb,
      KAFKA_BROKERS: kafka.brokers.join(','),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'fatal',
      SCHEDULER_INTERVAL_MS: '0',
      AGREEMENTS_CONSUMER_GROUP: `registry.agreements.${suffix}`,
    },
  });
  let statements: string[] = [];
  const events = await startService({
    ...eventsServiceWith({ feedBaseUrl: 'http://bench' }),
    environment: parseEnvironment(eventsEnvironmentModel, {
      ...auth,
      DATABASE_URL: postgres.url,
      DATABASE_NAME: eventsDb,
      KAFKA_BROKERS: kafka.brokers.join(','),
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'fatal',
      REGISTRY_PROJECTION_GROUP: `events.registry-projection.${suffix}`,
      AGREEMENTS_CONSUMER_GROUP: `events.agreements.${suffix}`,
    }),
    onQuery: (sql) => {
      if (!/pg_try_advisory|\b(from|update|into) (outbox|inbox)\b|^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)\b/i.test(sql))
        statements.push(sql);
    },
  });
  const gateway = await startServiceProcess({
    name: 'gateway',
    entry: 'apps/gateway/src/main.ts',
    port: await freePort(),
    env: { ...auth, REGISTRY_URL: registry.graphqlUrl, EVENTS_URL: events.url, HOST: '127.0.0.1', LOG_LEVEL: 'fatal' },
  });
  const { Client } = await import('pg');
  const registrySql = new Client({ connectionString: postgres.url.replace(/\/[^/]*$/, `/${registryDb}`) });
  await registrySql.connect();
  const q = (sql: string, params?: unknown[]) => events.dataSource.query(sql, params);
  try {
    // The registry: one region, 20 municipalities, 1,000 schools (written straight into its tables).
    const regionId = randomUUID();
    await registrySql.query(`insert into region (id, code, name, time_zone) values ($1, '98', 'Тестовая область', 'Europe/Moscow')`, [regionId]);
    await registrySql.query(
      `insert into municipality (id, region_id, name, name_key)
       select gen_random_uuid(), $1, 'Район ' || n, 'район ' || n from generate_series(1, 20) n`,
      [regionId],
    );
    await registrySql.query(
      `insert into organization (id, municipality_id, region_id, kind, full_name, short_name, search_key)
       select gen_random_uuid(), m.id, m.region_id, 'SCHOOL', 'Школа № ' || n || ' ' || m.name, 'СОШ № ' || n, 'сош ' || n
         from municipality m, generate_series(1, 50) n`,
    );
    type Row = { id: string };
    const regions = (await registrySql.query<Row>(`select id, code, name, time_zone from region`)).rows;
    const municipalities = (await registrySql.query<Row>(`select id, region_id, name from municipality`)).rows;
    const organizations = (
      await registrySql.query<Row>(`select id, municipality_id, region_id, kind, full_name, short_name from organization`)
    ).rows;
    // The events service's projection of the same (what its consumer would write).
    await q(`insert into projected_region (id, code, name, time_zone) select * from json_populate_recordset(null::projected_region, $1)`, [JSON.stringify(regions)]);
    await q(`insert into projected_municipality (id, region_id, name) select id, region_id, name from json_populate_recordset(null::projected_municipality, $1)`, [JSON.stringify(municipalities)]);
    await q(
      `insert into projected_organization (id, municipality_id, region_id, kind, full_name, short_name)
       select id, municipality_id, region_id, kind, full_name, short_name from json_populate_recordset(null::projected_organization, $1)`,
      [JSON.stringify(organizations)],
    );
    // 20,000 events over ten months of 2026 (one every 22 minutes: about 2,000 a month), 200,000 attendance records.
    await q(
      `insert into event (id, kind, format, title, subject, organizer_organization_id, region_id, municipality_id,
                          starts_at, ends_at, link, capacity, registered_count, state, created_by)
       select gen_random_uuid(), (array['SEMINAR','MASTER_CLASS','GROUP_CONSULTATION','ROUND_TABLE','MODEL_SEMINAR'])[1 + n % 5],
              'REMOTE', 'Семинар ' || n, (array['Математика','Русский язык','Физика','История'])[1 + n % 4],
              o.id, o.region_id, o.municipality_id,
              '2026-01-01T06:00:00Z'::timestamptz + (n * interval '22 minutes'),
              '2026-01-01T08:00:00Z'::timestamptz + (n * interval '22 minutes'),
              'https://vk.com/call/' || n, null, 0, 'HELD', 'bench'
         from generate_series(1, 20000) n
         join lateral (select * from projected_organization order by id offset (n % 1000) limit 1) o on true`,
    );
    await q(
      `insert into registration (id, event_id, person_name, person_key, organization_id, source, attended, hours, created_by)
       select gen_random_uuid(), e.id, 'Участник ' || k, 'участник ' || k, o.id, 'ORGANIZER_LIST', k % 7 <> 0, 2, 'bench'
         from event e cross join generate_series(1, 10) k
         join lateral (select id from projected_organization order by id offset ((abs(hashtext(e.id::text)) + k) % 1000) limit 1) o on true`,
    );
    await q(`analyze`);
    const counts = (await q(
      `select (select count(*) from event)::int as events, (select count(*) from registration)::int as registrations,
              (select count(*) from event where starts_at >= $1 and starts_at < $2)::int as month`,
      [MONTH.from, MONTH.to],
    )) as { events: number; registrations: number; month: number }[];

    const teacher = await sign({ subject: 'bench-teacher', role: 'SCHOOL_STAFF', regionCode: '98', municipalityId: municipalities[0].id, organizationId: organizations[0].id });
    const admin = await sign({ subject: 'bench-admin', role: 'REGION_ADMIN', regionCode: '98' });

    // Warm-up, then the month, whole, `rounds` times through the gateway and directly.
    for (let i = 0; i < 3; i++) await month(gateway.graphqlUrl, teacher, regionId);
    const throughPages: number[] = [];
    const throughMonths: number[] = [];
    const directPages: number[] = [];
    let seen = 0;
    let pagesPerMonth = 0;
    statements = [];
    for (let i = 0; i < rounds; i++) {
      const direct = await month(events.url, teacher, regionId, CALENDAR_DIRECT);
      directPages.push(...direct.pages);
      pagesPerMonth = direct.pages.length;
    }
    const sqlPerPage = statements.length / (rounds * pagesPerMonth);
    const sqlSample = [...new Set(statements.map((s) => s.replace(/\s+/g, ' ').slice(0, 90)))];
    for (let i = 0; i < rounds; i++) {
      const through = await month(gateway.graphqlUrl, teacher, regionId);
      throughPages.push(...through.pages);
      throughMonths.push(through.total);
      seen = through.events;
    }

    // Attendance of 500 at once, on fresh held events.
    const attendance: number[] = [];
    for (let i = 0; i < 10; i++) {
      const { planEvent } = await post(events.url, admin, `mutation ($input: PlanEventInput!) { planEvent(input: $input) { id } }`, {
        input: { organizerOrganizationId: organizations[i].id, kind: 'SEMINAR', format: 'REMOTE', title: `Большой вебинар ${i}`, startsAt: '2026-11-01T07:00:00Z', endsAt: '2026-11-01T10:00:00Z', link: 'https://vk.com/call/big' },
      });
      await post(events.url, admin, `mutation ($id: UUID!) { markEventHeld(input: { eventId: $id }) { id } }`, { id: planEvent.id });
      const participants = Array.from({ length: 500 }, (_, k) => ({ personName: `Слушатель ${k}`, organizationId: organizations[k % 1000].id, attended: k % 9 !== 0, hours: 3 }));
      statements = [];
      const started = performance.now();
      await post(events.url, admin, `mutation ($input: RecordAttendanceInput!) { recordAttendance(input: $input) { attended } }`, { input: { eventId: planEvent.id, participants } });
      attendance.push(performance.now() - started);
    }
    const attendanceSql = statements.length;

    // The month as .ics.
    const { createCalendarFeed } = await post(events.url, teacher, `mutation { createCalendarFeed(input: { scope: REGION, regionId: "${regionId}" }) { url } }`, {});
    const feedUrl = `${events.url.replace(/\/graphql$/, '')}/calendar.ics?key=${new URL(createCalendarFeed.url).searchParams.get('key')}&from=${encodeURIComponent(MONTH.from)}&to=${encodeURIComponent(MONTH.to)}`;
    const ics: number[] = [];
    let icsBytes = 0;
    let icsEvents = 0;
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      const text = await (await fetch(feedUrl)).text();
      ics.push(performance.now() - started);
      icsBytes = Buffer.byteLength(text);
      icsEvents = text.split('BEGIN:VEVENT').length - 1;
    }

    // Plans.
    const explain = async (title: string, sql: string, params: unknown[]) => {
      const rows = (await q(`explain (analyze, costs off, timing off, summary off) ${sql}`, params)) as Record<string, string>[];
      return [`  ${title}:`, ...rows.map((r) => `    ${Object.values(r)[0]}`)].join('\n');
    };
    const principal = { subject: 'bench-teacher', role: 'SCHOOL_STAFF', regionCode: '98', municipalityId: municipalities[0].id, organizationId: organizations[0].id } as Principal;
    const page = calendarQuery(events.dataSource, principal, { regionId, ...MONTH }).orderBy('e.starts_at', 'ASC').addOrderBy('e.id', 'ASC').limit(201);
    const [pageSql, pageParams] = page.getQueryAndParameters();
    const [countSql, countParams] = calendarQuery(events.dataSource, principal, { regionId, ...MONTH }).select('count(*)').getQueryAndParameters();
    const [munSql, munParams] = calendarQuery(events.dataSource, principal, { regionId, municipalityId: municipalities[3].id, ...MONTH }).orderBy('e.starts_at').limit(51).getQueryAndParameters();
    const plans = [
      await explain('страница календаря региона за месяц (200)', pageSql, pageParams),
      await explain('totalCount календаря региона за месяц', countSql, countParams),
      await explain('календарь муниципалитета за месяц', munSql, munParams),
      await explain(
        'посещённые сотрудниками организации мероприятия (Organization.attendedEvents)',
        `select r.organization_id, r.event_id, count(*), sum(r.hours) from registration r join event e on e.id = r.event_id
          where r.organization_id = any($1::uuid[]) and r.attended and e.state = 'HELD' and e.starts_at >= $2 and e.starts_at < $3
          group by r.organization_id, r.event_id, e.starts_at`,
        [[organizations[5].id], MONTH.from, MONTH.to],
      ),
    ];

    const pageThrough = stats(throughPages);
    const pageDirect = stats(directPages);
    const whole = stats(throughMonths);
    const att = stats(attendance);
    const icsTime = stats(ics);
    process.stdout.write(
      [
        `Данные: 1 регион, 20 муниципалитетов, ${organizations.length} организаций; мероприятий ${counts[0].events}, записей о посещении ${counts[0].registrations}; в марте 2026 — ${counts[0].month} мероприятий`,
        `Календарь региона за месяц (страницы по 200 — больше не пропускает предел стоимости шлюза, организаторы из реестра через шлюз), ${rounds} прогонов, учитель школы региона:`,
        `  весь месяц через шлюз (${pagesPerMonth} страниц, ${seen} мероприятий): p50 ${ms(whole.p50)}, p95 ${ms(whole.p95)}`,
        `  страница через шлюз:       p50 ${ms(pageThrough.p50)}, p95 ${ms(pageThrough.p95)}`,
        `  страница в подграфе events: p50 ${ms(pageDirect.p50)}, p95 ${ms(pageDirect.p95)}; SQL-запросов на страницу: ${sqlPerPage.toFixed(1)}`,
        `    ${sqlSample.join('\n    ')}`,
        `Посещаемость 500 участников одной мутацией (10 раз): p50 ${ms(att.p50)}, p95 ${ms(att.p95)}; SQL-запросов: ${attendanceSql}`,
        `Месяц в .ics (${icsEvents} VEVENT): ${(icsBytes / 1024).toFixed(0)} КиБ, p50 ${ms(icsTime.p50)}, p95 ${ms(icsTime.p95)}`,
        'Планы (EXPLAIN ANALYZE):',
        ...plans,
        '',
      ].join('\n'),
    );
  } finally {
    await registrySql.end();
    await gateway.stop();
    await events.stop();
    await registry.stop();
    await dropDatabase(postgres.url, eventsDb);
    await dropDatabase(postgres.url, registryDb);
    await kafka.stop();
    await postgres.stop();
    rmSync(kafkaDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
