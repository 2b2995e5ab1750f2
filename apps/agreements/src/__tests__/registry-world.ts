import { randomUUID } from 'node:crypto';

import type { DataSource } from 'typeorm';
import { eventCatalogue } from '@opora/event-contracts';
import type { DomainEvent, EventData, EventType, StatusKind } from '@opora/event-contracts';
import { applyRegistryEvent } from '@opora/registry-projection';

/** A contract-valid envelope of the registry's topic, as the registry announces it. */
export function registryEvent<T extends EventType>(
  type: T,
  subject: string,
  data: EventData<T>,
  regionCode = '23',
): DomainEvent {
  const event = {
    id: randomUUID(),
    type,
    version: eventCatalogue[type].version,
    occurredAt: new Date().toISOString(),
    source: 'registry',
    subject,
    regionCode,
    data,
  } as DomainEvent;
  eventCatalogue[type].data.parse(data);
  return event;
}

/**
 * A registry as the agreements service sees it through its projection: Krasnodar region (23) with
 * the Pavlovsky district (002) and a neighbouring district; Leningrad region (47) with the
 * Priozersky district (000), its training site and the Centre of information technologies.
 */
export function registryWorld() {
  const id = () => randomUUID();
  const w = {
    krasnodar: id(),
    pavlovsky: id(),
    kanevskoy: id(),
    leningrad: id(),
    priozersky: id(),
    /** Pavlovsky: the leader school and two ШНОР; one ШНОР of the neighbouring district. */
    leader: id(),
    shnor: id(),
    shnor2: id(),
    shssu: id(),
    foreignShnor: id(),
    /** A Pavlovsky school with no status at all. */
    plainSchool: id(),
    leaderStatus: id(),
    shnorStatus: id(),
    shnor2Status: id(),
    shssuStatus: id(),
    /** Priozersky: the municipal training site (school 5) and the Centre of information technologies. */
    site: id(),
    siteStatus: id(),
    centre: id(),
    priozerskySchool: id(),
  };
  const events: DomainEvent[] = [];
  const region = (regionId: string, code: string, name: string) =>
    events.push(registryEvent('registry.region.created', regionId, { regionId, code, name }, code));
  const municipality = (municipalityId: string, regionId: string, name: string, code: string) =>
    events.push(
      registryEvent(
        'registry.municipality.created',
        municipalityId,
        { municipalityId, regionId, name, oktmo: null },
        code,
      ),
    );
  const organization = (
    organizationId: string,
    municipalityId: string,
    regionId: string,
    fullName: string,
    code: string,
    kind: 'SCHOOL' | 'METHODOLOGICAL_CENTER' = 'SCHOOL',
  ) =>
    events.push(
      registryEvent(
        'registry.organization.created',
        organizationId,
        { organizationId, municipalityId, regionId, kind, fullName, shortName: null, inn: null, ogrn: null },
        code,
      ),
    );
  const status = (
    statusId: string,
    organizationId: string,
    municipalityId: string,
    kind: StatusKind,
    validFrom: string,
    validTo: string | null,
    code = '23',
  ) =>
    events.push(
      registryEvent(
        'registry.status.assigned',
        organizationId,
        {
          statusId,
          organizationId,
          municipalityId,
          kind,
          theme: 'Повышение качества образования',
          programmeId: null,
          assigningOrderId: randomUUID(),
          validFrom,
          validTo,
          correctsStatusId: null,
        },
        code,
      ),
    );
  region(w.krasnodar, '23', 'Краснодарский край');
  municipality(w.pavlovsky, w.krasnodar, 'Павловский район', '23');
  municipality(w.kanevskoy, w.krasnodar, 'Каневской район', '23');
  organization(w.leader, w.pavlovsky, w.krasnodar, 'МБОУ СОШ № 1 ст. Павловской', '23');
  organization(w.shnor, w.pavlovsky, w.krasnodar, 'МБОУ ООШ № 17 х. Новопетровского', '23');
  organization(w.shnor2, w.pavlovsky, w.krasnodar, 'МБОУ СОШ № 9 ст. Новолеушковской', '23');
  organization(w.shssu, w.pavlovsky, w.krasnodar, 'МБОУ ООШ № 20 х. Шевченко', '23');
  organization(w.plainSchool, w.pavlovsky, w.krasnodar, 'МБОУ СОШ № 2 ст. Павловской', '23');
  organization(w.foreignShnor, w.kanevskoy, w.krasnodar, 'МБОУ СОШ № 5 ст. Каневской', '23');
  status(w.leaderStatus, w.leader, w.pavlovsky, 'LEADER_SCHOOL', '2021-03-04', '2023-12-31');
  status(w.shnorStatus, w.shnor, w.pavlovsky, 'LOW_RESULTS', '2021-01-01', '2023-12-31');
  status(w.shnor2Status, w.shnor2, w.pavlovsky, 'LOW_RESULTS', '2021-01-01', '2023-12-31');
  status(w.shssuStatus, w.shssu, w.pavlovsky, 'UNFAVOURABLE_CONDITIONS', '2021-01-01', '2023-12-31');
  status(randomUUID(), w.foreignShnor, w.kanevskoy, 'LOW_RESULTS', '2021-01-01', '2023-12-31');

  region(w.leningrad, '47', 'Ленинградская область');
  municipality(w.priozersky, w.leningrad, 'Приозерский муниципальный район', '47');
  organization(w.site, w.priozersky, w.leningrad, 'МОУ «Приозерская СОШ № 5»', '47');
  organization(w.priozerskySchool, w.priozersky, w.leningrad, 'МОУ «Громовская СОШ»', '47');
  organization(
    w.centre,
    w.priozersky,
    w.leningrad,
    'МОУ ДОД Центр информационных технологий',
    '47',
    'METHODOLOGICAL_CENTER',
  );
  status(w.siteStatus, w.site, w.priozersky, 'TRAINING_SITE', '2021-01-01', '2023-05-31', '47');
  return { ...w, events };
}

export type RegistryWorld = ReturnType<typeof registryWorld>;

/** Applies the registry's events to the service's projection, as its consumer would. */
export async function project(dataSource: DataSource, events: DomainEvent[]): Promise<void> {
  await dataSource.transaction(async (manager) => {
    for (const event of events) await applyRegistryEvent(manager, event);
  });
}
