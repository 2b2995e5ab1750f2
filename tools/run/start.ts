/**
 * `npm start`: the whole system on this machine. Provisions PostgreSQL (DATABASE_URL, else the
 * local server, else an embedded one) and Kafka (KAFKA_BROKERS, else a local KRaft broker from
 * the Maven Central jars), starts the subgraphs (each applies its migrations) and the gateway,
 * prints the URLs and a development token, and on Ctrl-C stops everything it started, in reverse order.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { devAudience, devIssuer, ensureDevKeys, readPem, signToken } from '@opora/auth';
import {
  demoDataPresent,
  httpExecute,
  loadAgreementsDemo,
  loadDemoData,
  loadMonitoringDemo,
  loadPriozerskyEvents,
} from '@opora/demo-data';

import {
  checkoutDatabaseName,
  isPortOpen,
  providePostgres,
  startLocalKafka,
  startServiceProcess,
  workspaceRoot,
} from '@opora/provision';
import type { ServiceProcess } from '@opora/provision';
import { subgraphManifest } from '@opora/service-manifest';

const root = workspaceRoot();
const env = process.env;
const stops: { name: string; stop: () => Promise<void> }[] = [];
const say = (line: string) => process.stdout.write(`» ${line}\n`);

async function main(): Promise<void> {
  const started = Date.now();
  const postgres = await providePostgres({
    url: env.DATABASE_URL,
    embeddedDir: join(root, '.data/postgres'),
    onProgress: say,
  });
  stops.push({ name: 'PostgreSQL', stop: postgres.stop });
  say(
    `PostgreSQL: ${postgres.source === 'env' ? 'DATABASE_URL' : postgres.source === 'local' ? 'локальный сервер 127.0.0.1:5432' : 'встроенный сервер'}`,
  );

  let brokers = env.KAFKA_BROKERS;
  if (!brokers) {
    const port = Number(env.KAFKA_PORT ?? 9092);
    if (await isPortOpen(port))
      throw new Error(`Порт ${port} занят: задайте KAFKA_BROKERS (готовый брокер) или KAFKA_PORT`);
    const kafka = await startLocalKafka({
      dataDir: join(root, '.data/kafka'),
      port,
      controllerPort: port + 1,
      // Ctrl-C must not reach the broker before the services have left their groups (issue #8).
      ownProcessGroup: true,
      onProgress: say,
    });
    stops.push({ name: 'Kafka', stop: kafka.stop });
    brokers = kafka.brokers.join(',');
  }
  say(`Kafka: ${brokers}`);

  // Development keys on first start; production gives AUTH_PUBLIC_KEY_FILE or AUTH_JWKS_URL.
  const keys = ensureDevKeys(join(root, '.data/keys'));
  const auth = {
    AUTH_PUBLIC_KEY_FILE: env.AUTH_PUBLIC_KEY_FILE ?? keys.publicKeyFile,
    AUTH_ISSUER: env.AUTH_ISSUER ?? devIssuer,
    AUTH_AUDIENCE: env.AUTH_AUDIENCE ?? devAudience,
  };
  const common = {
    ...auth,
    DATABASE_URL: postgres.url,
    KAFKA_BROKERS: brokers,
    LOG_LEVEL: env.LOG_LEVEL ?? 'info',
    LOG_PRETTY: 'true',
  };
  // Every subgraph of the manifest, each on its own database of this checkout (two checkouts on
  // one machine never share a database, docs/decisions.md §28), then the gateway pointed at them.
  const subgraphs: { name: string; database: string; running: ServiceProcess }[] = [];
  for (const entry of subgraphManifest) {
    const database = checkoutDatabaseName(entry.database);
    const running = await startServiceProcess({
      name: entry.name,
      entry: entry.entry,
      port: Number(env[entry.portVariable] ?? entry.port),
      env: { ...common, DATABASE_NAME: database },
      echo: process.stdout,
    });
    stops.push({ name: entry.name, stop: running.stop });
    subgraphs.push({ name: entry.name, database, running });
  }

  const gatewayPort = Number(env.GATEWAY_PORT ?? 4000);
  const gateway = await startServiceProcess({
    name: 'gateway',
    entry: 'apps/gateway/src/main.ts',
    port: gatewayPort,
    // KAFKA_BROKERS: the gateway's response cache is invalidated by domain events (decisions §38).
    env: {
      ...auth,
      LOG_LEVEL: common.LOG_LEVEL,
      LOG_PRETTY: 'true',
      ...Object.fromEntries(
        subgraphManifest.map((entry, i) => [entry.urlVariable, subgraphs[i].running.graphqlUrl]),
      ),
      KAFKA_BROKERS: brokers,
    },
    echo: process.stdout,
  });
  stops.push({ name: 'gateway', stop: gateway.stop });

  const devToken = await signToken(
    {
      subject: 'dev-region-admin',
      name: 'Администратор региона (разработка)',
      role: 'REGION_ADMIN',
      regionCode: '47',
    },
    { privateKeyPem: readPem(keys.privateKeyFile), issuer: auth.AUTH_ISSUER, audience: auth.AUTH_AUDIENCE },
  );

  // The demo crosses regions (47, 23, 77): it is entered as the platform's operator.
  const operatorToken = await signToken(
    { subject: 'dev-demo-loader', name: 'Загрузка демо-данных', role: 'PLATFORM_ADMIN', regionCode: null },
    { privateKeyPem: readPem(keys.privateKeyFile), issuer: auth.AUTH_ISSUER, audience: auth.AUTH_AUDIENCE },
  );
  await loadDemoOnce(gateway.graphqlUrl, operatorToken);
  // The agreements demo is entered by the people who do it (a token signed for each); idempotent.
  if (env.DEMO_DATA !== 'off')
    await loadAgreementsDemo(
      (principal) => async (query, variables) =>
        httpExecute(gateway.graphqlUrl, {
          authorization: `Bearer ${await signToken(principal, { privateKeyPem: readPem(keys.privateKeyFile), issuer: auth.AUTH_ISSUER, audience: auth.AUTH_AUDIENCE })}`,
        })(query, variables),
      httpExecute(gateway.graphqlUrl, { authorization: `Bearer ${operatorToken}` }),
    );
  await loadMonitoringDemoOnce(gateway.graphqlUrl, operatorToken);

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    [
      '',
      `Опора запущена за ${seconds} с`,
      `  GraphQL (шлюз):        ${gateway.graphqlUrl}`,
      `  Песочница (офлайн):    ${gateway.baseUrl}/playground`,
      `  Метрики:              ${[gateway, ...subgraphs.map((s) => s.running)].map((p) => `${p.baseUrl}/metrics`).join(', ')}`,
      ...subgraphs.map(
        ({ name, database, running }) =>
          `  Подграф ${`${name}:`.padEnd(14)} ${running.graphqlUrl} (база ${database})`,
      ),
      `  Kafka:                 ${brokers}`,
      '',
      'Токен администратора региона 47 на 8 часов (заголовок Authorization: Bearer …):',
      devToken,
      'Другие роли: npm run token -- --role ANALYST --region 47 (см. README, «Токены для разработки»).',
      'Ctrl-C — остановить всё.',
      '',
    ].join('\n'),
  );
}

/**
 * Unless the data is already there (judged from the data itself, see demoDataPresent), the seed
 * documents and the Moscow open data are entered through the gateway, idempotently: a partial
 * earlier load is completed, nothing is entered twice. DEMO_DATA=off skips it.
 */
async function loadDemoOnce(graphqlUrl: string, token: string): Promise<void> {
  if (env.DEMO_DATA === 'off') return;
  const execute = httpExecute(graphqlUrl, { authorization: `Bearer ${token}` });
  const moscowPath = join(root, '../shared/data/moscow-ege-2015-2016.csv');
  const moscowCsv = existsSync(moscowPath)
    ? { name: 'moscow-ege-2015-2016.csv', content: readFileSync(moscowPath) }
    : undefined;
  // One school a line after the header (the file's names hold quotes, never line breaks).
  const moscowSchools = moscowCsv?.content.toString('utf8').trim().split('\n').length;
  if (await demoDataPresent(execute, moscowSchools && moscowSchools - 1)) {
    // The registry's part is there; the events demo came later and is completed if missing
    // (idempotent: nothing is entered twice).
    const events = await loadPriozerskyEvents(execute);
    say(
      `демо-данные уже в базе${events.planned ? `; мероприятий Приозерского района добавлено ${events.planned}` : ''}`,
    );
    return;
  }
  say('демо-данные: распоряжение 364-р (Приозерский район), приказ 129 (Павловский район), школы Москвы…');
  const summary = await loadDemoData(execute, { moscowCsv });
  say(
    `демо-данные загружены: записей из документов ${summary.seedRecords}` +
      (summary.moscow
        ? `; Москва: ${summary.moscow.rows} строк, добавлено ${summary.moscow.created}, без изменений ${summary.moscow.unchanged}, отклонено ${summary.moscow.rejected}`
        : '; файл открытых данных Москвы не найден рядом с проектом (../shared/data)'),
  );
}

/**
 * Ctrl-C reaches this process more than once (from the terminal and relayed by tsx): the first
 * signal stops everything in reverse order and reports each step; later ones wait for it.
 */
let stopping: Promise<void> | undefined;
async function shutdown(code: number): Promise<never> {
  stopping ??= (async () => {
    for (const { name, stop } of stops.reverse()) {
      say(`останавливаем ${name}`);
      await stop().catch((error: unknown) => say(`${name}: ${(error as Error).message}`));
    }
    say('всё остановлено');
  })();
  await stopping;
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch(async (error: unknown) => {
  process.stderr.write(`Не удалось запустить Опору: ${(error as Error).message}\n`);
  await shutdown(1);
});

/** The Moscow ЕГЭ results as monitoring measurements (idempotent: a second start changes nothing). */
async function loadMonitoringDemoOnce(graphqlUrl: string, token: string): Promise<void> {
  const moscowPath = join(root, '../shared/data/moscow-ege-2015-2016.csv');
  if (env.DEMO_DATA === 'off' || !existsSync(moscowPath)) return;
  const execute = httpExecute(graphqlUrl, { authorization: `Bearer ${token}` });
  const totals = await loadMonitoringDemo(execute, {
    name: 'moscow-ege-2015-2016.csv',
    content: readFileSync(moscowPath),
  });
  say(
    totals
      ? `мониторинг: результаты ЕГЭ школ Москвы 2015–2016 — значений добавлено ${totals.created}, без изменений ${totals.unchanged}`
      : 'мониторинг: школы Москвы не дошли до подграфа monitoring, результаты не загружены',
  );
}
