import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parseEnvironment } from '@opora/config';
import { eventCatalogue, topicOf } from '@opora/event-contracts';
import type { DomainEvent, EventData, EventSource, EventType } from '@opora/event-contracts';
import { createIdempotentProducer, encodeEvent } from '@opora/messaging';
import type { Producer } from '@opora/messaging';
import { workspaceRoot } from '@opora/provision';
import { startService } from '@opora/subgraph-server';
import type { RunningService } from '@opora/subgraph-server';
import { readTable } from '@opora/tabular-import';
import { createTestDatabase, eventually, testInfra, testKafka, uniqueSuffix } from '@opora/testing';

import { monitoringEnvironmentModel } from '../environment';
import type { MonitoringEnvironment } from '../environment';
import { monitoringService } from '../monitoring-service';
import type { MonitoringContext } from '../monitoring-service';

/** The real Moscow file (../shared/data beside the checkout, or OPORA_SHARED_DATA). */
export const MOSCOW_FILE = moscowFile();

function moscowFile(): string {
  const candidates = [
    process.env.OPORA_SHARED_DATA,
    join(workspaceRoot(), '../shared/data'),
    join(workspaceRoot(), '../../shared/data'),
  ].filter((dir): dir is string => Boolean(dir));
  const dir = candidates.find((d) => existsSync(join(d, 'moscow-ege-2015-2016.csv'))) ?? candidates[0];
  return join(dir, 'moscow-ege-2015-2016.csv');
}

/**
 * The monitoring service in this process on a fresh database and a free port, with its own
 * consumer group (a new group on an empty database rebuilds the projections from offset zero).
 */
export async function startTestMonitoring(
  options: {
    database?: { name: string; drop: () => Promise<void> };
    group?: string;
    keepDatabase?: boolean;
  } = {},
): Promise<{ service: RunningService; url: string; group: string; stop: () => Promise<void> }> {
  const infra = testInfra();
  const db = options.database ?? (await createTestDatabase('monitoring'));
  const group = options.group ?? `monitoring.projections.test-${uniqueSuffix()}`;
  const service = await startService<MonitoringContext, MonitoringEnvironment>({
    ...monitoringService,
    environment: parseEnvironment(monitoringEnvironmentModel, {
      DATABASE_URL: infra.databaseUrl,
      DATABASE_NAME: db.name,
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: process.env.SPEC_LOG ?? 'fatal',
      PROJECTIONS_CONSUMER_GROUP: group,
    }),
  });
  return {
    service,
    url: service.url,
    group,
    stop: async () => {
      await service.stop();
      if (!options.keepDatabase) await db.drop();
    },
  };
}

/** A contract-valid envelope of any service's event. */
export function envelope<T extends EventType>(
  type: T,
  subject: string,
  data: EventData<T>,
  options: { regionCode?: string; occurredAt?: string } = {},
): DomainEvent {
  return {
    id: randomUUID(),
    type,
    version: eventCatalogue[type].version,
    occurredAt: options.occurredAt ?? new Date().toISOString(),
    source: eventCatalogue[type].source as EventSource,
    subject,
    regionCode: options.regionCode ?? '77',
    data,
  } as DomainEvent;
}

/** Publishes envelopes to their services' topics on the real broker, keyed by subject. */
export async function publisher(): Promise<{
  publish: (events: DomainEvent[]) => Promise<void>;
  close: () => Promise<void>;
}> {
  const producer: Producer = createIdempotentProducer(testKafka());
  await producer.connect();
  return {
    publish: async (events) => {
      const byTopic = new Map<string, { key: string; value: Buffer }[]>();
      for (const event of events) {
        const topic = topicOf(event.source);
        byTopic.set(topic, [
          ...(byTopic.get(topic) ?? []),
          { key: event.subject, value: encodeEvent(event) },
        ]);
      }
      for (const [topic, messages] of byTopic)
        for (let i = 0; i < messages.length; i += 500)
          await producer.send({ topic, messages: messages.slice(i, i + 500) });
    },
    close: () => producer.disconnect(),
  };
}

/** A region of the registry as it announces it: municipalities and schools (with OGRNs). */
export interface RegistryWorld {
  regionId: string;
  regionCode: string;
  municipalities: { id: string; name: string }[];
  organizations: { id: string; municipalityId: string; ogrn: string; name: string }[];
  events: DomainEvent[];
}

export function registryWorld(
  regionCode: string,
  municipalityNames: string[],
  schools: { municipality: string; ogrn: string; name: string }[],
): RegistryWorld {
  const regionId = randomUUID();
  const municipalities = municipalityNames.map((name) => ({ id: randomUUID(), name }));
  const municipalityId = (name: string) => municipalities.find((m) => m.name === name)!.id;
  const organizations = schools.map((s) => ({
    id: randomUUID(),
    municipalityId: municipalityId(s.municipality),
    ogrn: s.ogrn,
    name: s.name,
  }));
  const opts = { regionCode };
  const events: DomainEvent[] = [
    envelope(
      'registry.region.created',
      regionId,
      { regionId, code: regionCode, name: `Регион ${regionCode}`, timeZone: 'Europe/Moscow' },
      opts,
    ),
    ...municipalities.map((m) =>
      envelope(
        'registry.municipality.created',
        m.id,
        { municipalityId: m.id, regionId, name: m.name, oktmo: null },
        opts,
      ),
    ),
    ...organizations.map((o) =>
      envelope(
        'registry.organization.created',
        o.id,
        {
          organizationId: o.id,
          municipalityId: o.municipalityId,
          regionId,
          kind: 'SCHOOL',
          fullName: o.name,
          shortName: null,
          inn: null,
          ogrn: o.ogrn,
        },
        opts,
      ),
    ),
  ];
  return { regionId, regionCode, municipalities, organizations, events };
}

/** The Moscow file's schools as a registry region: its okrugs are the municipalities. */
export async function moscowWorld(regionCode: string): Promise<RegistryWorld> {
  const table = await readTable(readFileSync(MOSCOW_FILE), { fileName: 'moscow.csv' });
  const schools = table.rows.map((r) => ({
    municipality: r.cells.AdmArea,
    name: r.cells.EDU_NAME,
    ogrn: r.cells.OGRN,
  }));
  return registryWorld(regionCode, [...new Set(schools.map((s) => s.municipality))], schools);
}

/** A status the registry assigned, as announced. */
export function statusAssigned(
  world: RegistryWorld,
  organizationId: string,
  kind: EventData<'registry.status.assigned'>['kind'],
  validFrom: string,
  validTo: string | null = null,
): DomainEvent {
  const organization = world.organizations.find((o) => o.id === organizationId)!;
  return envelope(
    'registry.status.assigned',
    organizationId,
    {
      statusId: randomUUID(),
      organizationId,
      municipalityId: organization.municipalityId,
      kind,
      theme: 'Повышение качества образования',
      programmeId: null,
      assigningOrderId: randomUUID(),
      validFrom,
      validTo,
      correctsStatusId: null,
    },
    { regionCode: world.regionCode },
  );
}

/** Waits until the service's projection has every organization of the world. */
export async function projected(service: RunningService, world: RegistryWorld): Promise<void> {
  await eventually(
    async () => {
      const [row] = await service.dataSource.query(
        `select count(*)::int as n from projected_organization where region_id = $1`,
        [world.regionId],
      );
      return row.n === world.organizations.length;
    },
    60_000,
    'организации региона в проекции реестра',
  );
}

/** A region code not used by other specs of the run (two digits; 90–99 are free in the registry's specs). */
export function regionCode(): string {
  return String(90 + Math.floor(Math.random() * 10));
}
