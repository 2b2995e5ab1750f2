import { randomUUID } from 'node:crypto';

import type { DataSource } from 'typeorm';
import type { Principal } from '@opora/auth';
import { eventCatalogue } from '@opora/event-contracts';
import type { DomainEvent, EventData, EventType } from '@opora/event-contracts';
import { applyRegistryEvent } from '@opora/registry-projection';

import { planAgreed } from '../modules/plan-link/plan-link.handlers';

export function envelope<T extends EventType>(type: T, subject: string, data: EventData<T>, regionCode = '47'): DomainEvent {
  return {
    id: randomUUID(),
    type,
    version: eventCatalogue[type].version,
    occurredAt: new Date().toISOString(),
    source: type.split('.')[0],
    subject,
    regionCode,
    data,
  } as DomainEvent;
}

/**
 * A small network of one region as the registry announced it: the Priozersky district with its
 * training site (a school), another school and the district's education authority; a school of
 * another district; and a second region. Written straight into the projection.
 */
export async function seedNetwork(dataSource: DataSource, regionCode = '47') {
  const ids = {
    region: randomUUID(),
    otherRegion: randomUUID(),
    priozersk: randomUUID(),
    vyborg: randomUUID(),
    site: randomUUID(),
    school: randomUUID(),
    authority: randomUUID(),
    vyborgSchool: randomUUID(),
    farSchool: randomUUID(),
    farMunicipality: randomUUID(),
  };
  const otherCode = regionCode === '47' ? '78' : '47';
  const events: DomainEvent[] = [
    envelope('registry.region.created', ids.region, {
      regionId: ids.region, code: regionCode, name: 'Ленинградская область', timeZone: 'Europe/Moscow',
    } as EventData<'registry.region.created'>, regionCode),
    envelope('registry.region.created', ids.otherRegion, {
      regionId: ids.otherRegion, code: otherCode, name: 'Другой регион', timeZone: 'Asia/Yekaterinburg',
    } as EventData<'registry.region.created'>, otherCode),
    ...[
      [ids.priozersk, ids.region, 'Приозерский муниципальный район'],
      [ids.vyborg, ids.region, 'Выборгский район'],
      [ids.farMunicipality, ids.otherRegion, 'Далёкий район'],
    ].map(([id, regionId, name]) =>
      envelope('registry.municipality.created', id, { municipalityId: id, regionId, name, oktmo: null } as EventData<'registry.municipality.created'>),
    ),
    ...[
      [ids.site, ids.priozersk, ids.region, 'SCHOOL', 'МОУ «Приозерская СОШ № 1»'],
      [ids.school, ids.priozersk, ids.region, 'SCHOOL', 'МОУ «Громовская СОШ»'],
      [ids.authority, ids.priozersk, ids.region, 'EDUCATION_AUTHORITY', 'Комитет образования Приозерского района'],
      [ids.vyborgSchool, ids.vyborg, ids.region, 'SCHOOL', 'МБОУ «СОШ № 8» г. Выборга'],
      [ids.farSchool, ids.farMunicipality, ids.otherRegion, 'SCHOOL', 'Далёкая школа'],
    ].map(([id, municipalityId, regionId, kind, fullName]) =>
      envelope('registry.organization.created', id, {
        organizationId: id, municipalityId, regionId, kind, fullName, shortName: null, inn: null, ogrn: null,
      } as unknown as EventData<'registry.organization.created'>),
    ),
  ];
  await dataSource.transaction(async (manager) => {
    for (const event of events) await applyRegistryEvent(manager, event);
  });
  return { ...ids, regionCode };
}

export type Network = Awaited<ReturnType<typeof seedNetwork>>;

/** An agreed plan of an organization with one item per kind given; returns the items' ids. */
export function agreedPlan(
  net: Network,
  organizationId: string,
  items: { kind?: EventData<'agreements.plan.agreed'>['items'][number]['activityKind'] }[] = [{}],
  over: Partial<EventData<'agreements.plan.agreed'>> = {},
): EventData<'agreements.plan.agreed'> {
  return {
    planId: randomUUID(),
    version: 1,
    ownerKind: 'AGREEMENT',
    ownerId: randomUUID(),
    organizationId,
    municipalityId: net.priozersk,
    periodFrom: '2026-01-01',
    periodTo: '2026-12-31',
    agreedByOrganizationId: net.authority,
    items: items.map((item, i) => ({
      planItemId: randomUUID(),
      activityKind: item.kind ?? 'SEMINAR',
      topic: `Пункт ${i + 1}`,
      plannedOn: '2026-03-01',
      durationHours: 2,
    })),
    ...over,
  };
}

export async function seedPlan(dataSource: DataSource, plan: EventData<'agreements.plan.agreed'>): Promise<void> {
  await dataSource.transaction((manager) => planAgreed(manager, plan));
}

export const people = (net: Network) => ({
  siteStaff: { subject: 'site-staff', role: 'SCHOOL_STAFF', regionCode: net.regionCode, municipalityId: net.priozersk, organizationId: net.site } as Principal,
  teacher: { subject: 'teacher-ivanova', name: 'Иванова Мария Петровна', role: 'SCHOOL_STAFF', regionCode: net.regionCode, municipalityId: net.priozersk, organizationId: net.school } as Principal,
  vyborgTeacher: { subject: 'teacher-vyborg', role: 'SCHOOL_STAFF', regionCode: net.regionCode, municipalityId: net.vyborg, organizationId: net.vyborgSchool } as Principal,
  operator: { subject: 'priozersk-operator', role: 'MUNICIPAL_OPERATOR', regionCode: net.regionCode, municipalityId: net.priozersk } as Principal,
  vyborgOperator: { subject: 'vyborg-operator', role: 'MUNICIPAL_OPERATOR', regionCode: net.regionCode, municipalityId: net.vyborg } as Principal,
  analyst: { subject: 'analyst', role: 'ANALYST', regionCode: net.regionCode } as Principal,
  regionAdmin: { subject: 'region-admin', role: 'REGION_ADMIN', regionCode: net.regionCode } as Principal,
});

const hour = 3_600_000;
export const at = (hoursFromNow: number) => new Date(Date.now() + hoursFromNow * hour).toISOString();

export const eventFields = /* GraphQL */ `
  id kind format title subject state startsAt endsAt startsAtLocal endsAtLocal timeZone place link capacity
  registeredCount cancelReason organizer { id } planItem { id } agreement { id }
`;

export const ops = {
  plan: `mutation ($input: PlanEventInput!) { planEvent(input: $input) { ${eventFields} } }`,
  reschedule: `mutation ($input: RescheduleEventInput!) { rescheduleEvent(input: $input) { ${eventFields} } }`,
  held: `mutation ($input: EventIdInput!) { markEventHeld(input: $input) { ${eventFields} } }`,
  cancel: `mutation ($input: CancelEventInput!) { cancelEvent(input: $input) { ${eventFields} } }`,
  register: `mutation ($input: RegisterInput!) { registerForEvent(input: $input) { id personName source organization { id } } }`,
  attendance: `mutation ($input: RecordAttendanceInput!) { recordAttendance(input: $input) { participants attended hours event { id } } }`,
  feedback: `mutation ($input: GiveFeedbackInput!) { giveFeedback(input: $input) { id rating comment } }`,
  material: `mutation ($input: PublishMaterialInput!) { publishMaterial(input: $input) { id title authors link file { name size mediaType } publishedOn event { id } } }`,
  participants: `query ($id: UUID!) { event(id: $id) { id participants { id personName position source attended hours organization { id } } feedback { count averageRating } materials { id title } } }`,
  calendar: `query ($filter: CalendarFilter!, $first: Int, $after: String) { calendar(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id title kind format startsAt startsAtLocal state } } } }`,
  createFeed: `mutation ($input: CreateCalendarFeedInput!) { createCalendarFeed(input: $input) { url feed { id scope revokedAt } } }`,
  revokeFeed: `mutation ($input: RevokeCalendarFeedInput!) { revokeCalendarFeed(input: $input) { id revokedAt } }`,
};

/** A remote seminar of the training site (000 §3.2: remote, with its link). */
export const remoteSeminar = (net: Network, over: Record<string, unknown> = {}) => ({
  organizerOrganizationId: net.site,
  kind: 'SEMINAR',
  format: 'REMOTE',
  title: 'Формирующее оценивание на уроках математики',
  subject: 'Математика',
  audience: 'Учителя математики школ с низкими результатами',
  startsAt: at(-3),
  endsAt: at(-1),
  link: 'https://vk.com/call/priozersk-seminar',
  capacity: 30,
  ...over,
});
