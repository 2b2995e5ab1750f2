import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { workspaceRoot } from './paths';
import { freePort, isPortOpen } from './ports';
import { stopProcess, waitForChild } from './process';

export interface LocalKafka {
  /** `host:port` of the PLAINTEXT listener. */
  readonly brokers: string[];
  readonly pid: number;
  readonly dataDir: string;
  stop(): Promise<void>;
}

export interface LocalKafkaOptions {
  /** Where the broker keeps its logs and metadata; formatted on first use. */
  dataDir: string;
  /** Client port; a free one is chosen when omitted. */
  port?: number;
  controllerPort?: number;
  /** Heap for the broker JVM; a single test broker needs little. */
  heap?: string;
  startTimeoutMs?: number;
  /**
   * Runs the broker in its own process group, out of reach of the terminal's Ctrl-C, for a
   * starter that stops it itself after the services (npm start). A Ctrl-C goes to the whole
   * foreground group: a broker that stopped at once never received the services' LeaveGroup, so
   * after a restart the new members waited ~30 s for the old ones' sessions (issue #8,
   * docs/decisions.md §42). Off by default: a test run interrupted by Ctrl-C must not leave a
   * broker behind.
   */
  ownProcessGroup?: boolean;
  /** Called with progress lines (resolving jars, formatting, starting). */
  onProgress?: (line: string) => void;
}

/** The broker version is pinned in one place: infra/kafka/pom.xml. */
export function kafkaVersion(): string {
  const pom = readFileSync(join(workspaceRoot(), 'infra/kafka/pom.xml'), 'utf8');
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom);
  if (!match) throw new Error('infra/kafka/pom.xml: не найдено свойство kafka.version');
  return match[1];
}

function libsDir(): string {
  return join(workspaceRoot(), '.cache/kafka/libs');
}

/**
 * Resolves the Kafka jars from Maven Central into .cache/kafka/libs (once per version) with
 * `mvn dependency:copy-dependencies`. Needs Java 17+ and Maven on PATH.
 */
export function ensureKafkaJars(onProgress?: (line: string) => void): string {
  const version = kafkaVersion();
  const dir = libsDir();
  if (existsSync(join(dir, `kafka_2.13-${version}.jar`))) return dir;
  onProgress?.(`Kafka ${version}: загружаем jar-файлы из Maven Central (mvn)…`);
  const result = spawnSync(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      join(workspaceRoot(), 'infra/kafka/pom.xml'),
      'dependency:copy-dependencies',
      `-DoutputDirectory=${dir}`,
      '-DincludeScope=runtime',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (result.error || result.status !== 0) {
    const why = result.error
      ? result.error.message
      : `${result.stdout}\n${result.stderr}`.trim().slice(-2000);
    throw new Error(
      `Не удалось получить Kafka через Maven (нужны Java 17+ и mvn в PATH, доступ к Maven Central): ${why}`,
    );
  }
  // A stale version's jars would end up on the classpath next to the new ones.
  for (const jar of readdirSync(dir)) {
    if (/^kafka.*-\d/.test(jar) && !jar.includes(`-${version}.jar`))
      throw new Error(`Удалите ${dir}: в нём jar другой версии (${jar})`);
  }
  return dir;
}

function serverProperties(dataDir: string, port: number, controllerPort: number): string {
  return [
    '# Written by @opora/provision: a single-node KRaft broker on loopback.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${join(dataDir, 'logs')}`,
    // Single node: internal topics cannot have more than one replica.
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    // Topics are created explicitly by the services at start-up (@opora/messaging).
    'auto.create.topics.enable=false',
    'num.partitions=3',
    // Tests join groups often; the default 3 s wait before the first rebalance only slows them.
    'group.initial.rebalance.delay.ms=0',
    'log.retention.hours=168',
    '',
  ].join('\n');
}

function log4jConfig(dataDir: string): string {
  return [
    'status = error',
    'appender.file.type = File',
    'appender.file.name = file',
    `appender.file.fileName = ${join(dataDir, 'broker.log')}`,
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = WARN',
    'rootLogger.appenderRef.file.ref = file',
    'logger.kafka.name = kafka.server.KafkaRaftServer',
    'logger.kafka.level = INFO',
    '',
  ].join('\n');
}

/** A Kafka cluster id: 16 random bytes, URL-safe base64 without padding (as `kafka-storage random-uuid`). */
function clusterId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Starts a real single-node Apache Kafka (KRaft) from the Maven Central jars, listening on
 * 127.0.0.1 only. Formats storage on first use of dataDir; resolves when the broker accepts
 * connections; `stop()` ends it by process id (SIGTERM, then SIGKILL).
 */
export async function startLocalKafka(options: LocalKafkaOptions): Promise<LocalKafka> {
  const { dataDir, onProgress } = options;
  const libs = ensureKafkaJars(onProgress);
  const classpath = `${libs}/*`;
  mkdirSync(dataDir, { recursive: true });
  const port = options.port ?? (await freePort());
  const controllerPort = options.controllerPort ?? (await freePort());
  if (await isPortOpen(port))
    throw new Error(`Порт ${port} уже занят: укажите другой (KAFKA_PORT) или KAFKA_BROKERS`);

  const propertiesFile = join(dataDir, 'server.properties');
  writeFileSync(propertiesFile, serverProperties(dataDir, port, controllerPort));
  const log4jFile = join(dataDir, 'log4j2.properties');
  writeFileSync(log4jFile, log4jConfig(dataDir));

  if (!existsSync(join(dataDir, 'logs', 'meta.properties'))) {
    onProgress?.(`Kafka: форматируем хранилище в ${dataDir}`);
    const format = spawnSync(
      'java',
      [
        '-cp',
        classpath,
        `-Dlog4j2.configurationFile=${log4jFile}`,
        'kafka.tools.StorageTool',
        'format',
        // One argument with `=`: a random id may start with '-', which the tool's argument parser
        // would take for an option (1 format in 64 failed so).
        `--cluster-id=${clusterId()}`,
        '-c',
        propertiesFile,
      ],
      { encoding: 'utf8' },
    );
    if (format.error || format.status !== 0) {
      throw new Error(
        `Kafka: не удалось отформатировать хранилище: ${format.error?.message ?? format.stderr ?? format.stdout}`,
      );
    }
  }

  onProgress?.(`Kafka ${kafkaVersion()}: запускаем брокер на 127.0.0.1:${port}`);
  const out = createWriteStream(join(dataDir, 'stdout.log'), { flags: 'a' });
  const child = spawn(
    'java',
    [
      `-Xmx${options.heap ?? '512m'}`,
      '-Xms128m',
      '-XX:+UseG1GC',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${log4jFile}`,
      '-cp',
      classpath,
      'kafka.Kafka',
      propertiesFile,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: options.ownProcessGroup ?? false },
  );
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  if (!child.pid) throw new Error('Kafka: не удалось запустить java (нужна Java 17+ в PATH)');

  await waitForChild(child, {
    name: 'Kafka',
    ready: () => isPortOpen(port),
    outputTail: () => readFileSync(join(dataDir, 'stdout.log'), 'utf8').slice(-2000),
    timeoutMs: options.startTimeoutMs ?? 90_000,
    graceMs: 5000,
  });
  const pid = child.pid;
  return {
    brokers: [`127.0.0.1:${port}`],
    pid,
    dataDir,
    stop: async () => {
      await stopProcess(child, 20_000);
      out.end();
    },
  };
}
