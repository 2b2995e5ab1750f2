import { randomUUID } from 'node:crypto';

import type { DomainEvent } from '@opora/event-contracts';

import { envelope, registryWorld, statusAssigned } from '../../../__tests__/monitoring-fixtures';
import type { RegistryWorld } from '../../../__tests__/monitoring-fixtures';

/**
 * A small network of one region over the 2024–2025 school year, as the three services announce it:
 * a leader school with two supported schools under an agreement, a training site with an agreed
 * plan, events held, cancelled, attended, a material published. The expected figures are counted
 * by hand in `expected` below.
 */
export function activityWorld(regionCode: string) {
  const world: RegistryWorld = registryWorld(
    regionCode,
    ['Северный район', 'Южный район'],
    [
      { municipality: 'Северный район', ogrn: '1024701000011', name: 'Школа-лидер № 1' },
      { municipality: 'Северный район', ogrn: '1024701000022', name: 'Школа № 2' },
      { municipality: 'Южный район', ogrn: '1024701000033', name: 'Школа № 3' },
      { municipality: 'Южный район', ogrn: '1024701000044', name: 'Стажировочная площадка № 4' },
    ],
  );
  const [leader, supportedA, supportedB, site] = world.organizations;
  const north = world.municipalities[0].id;
  const south = world.municipalities[1].id;
  const opts = { regionCode };
  const agreementId = randomUUID();
  const planId = randomUUID();
  const items = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const events = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const event = (
    id: string,
    kind: 'SEMINAR' | 'TUTORING_SESSION' | 'MASTER_CLASS',
    format: 'REMOTE' | 'IN_PERSON',
    organizer = site.id,
    municipalityId = south,
    day = '2024-10-15',
  ) => ({
    eventId: id,
    kind,
    format,
    organizerOrganizationId: organizer,
    municipalityId,
    planItemId: null,
    agreementId: null,
    subject: null,
    startsAt: `${day}T10:00:00+03:00`,
    endsAt: `${day}T12:00:00+03:00`,
  });

  const registry: DomainEvent[] = [
    ...world.events,
    statusAssigned(world, leader.id, 'LEADER_SCHOOL', '2024-01-01'),
    statusAssigned(world, supportedA.id, 'LOW_RESULTS', '2024-01-01'),
    statusAssigned(world, supportedB.id, 'UNFAVOURABLE_CONDITIONS', '2024-01-01'),
    statusAssigned(world, site.id, 'TRAINING_SITE', '2024-01-01'),
    // Ended before the period: not counted at its end.
    statusAssigned(world, supportedB.id, 'LOW_RESULTS', '2022-01-01', '2023-12-31'),
  ];
  const agreements: DomainEvent[] = [
    envelope(
      'agreements.agreement.concluded',
      agreementId,
      {
        agreementId,
        leaderOrganizationId: leader.id,
        partnerOrganizationId: supportedA.id,
        partnerOrganizationIds: [supportedA.id, supportedB.id],
        municipalityId: north,
        validFrom: '2024-09-01',
        validTo: '2026-08-31',
      },
      opts,
    ),
    envelope(
      'agreements.plan.agreed',
      planId,
      {
        planId,
        version: 1,
        ownerKind: 'TRAINING_SITE_STATUS',
        ownerId: randomUUID(),
        organizationId: site.id,
        municipalityId: south,
        periodFrom: '2024-09-01',
        periodTo: '2025-08-31',
        agreedByOrganizationId: leader.id,
        items: items.map((planItemId, i) => ({
          planItemId,
          activityKind: 'SEMINAR' as const,
          topic: `Тема ${i + 1}`,
          plannedOn: ['2024-10-01', '2024-11-01', '2024-12-01', '2025-01-01'][i],
          durationHours: 2,
        })),
      },
      opts,
    ),
    ...items.slice(0, 2).map((planItemId, i) =>
      envelope(
        'agreements.plan-item.done',
        planItemId,
        {
          planItemId,
          planId,
          organizationId: site.id,
          municipalityId: south,
          activityKind: 'SEMINAR',
          doneOn: `2024-1${i}-02`,
          fulfilledBy: 'EVENT',
          eventId: events[i],
        },
        opts,
      ),
    ),
    envelope(
      'agreements.plan-item.cancelled',
      items[3],
      {
        planItemId: items[3],
        planId,
        organizationId: site.id,
        municipalityId: south,
        cancelledOn: '2024-10-20',
        reason: 'Перенесено в план следующего года',
      },
      opts,
    ),
  ];
  const activity: DomainEvent[] = [
    envelope(
      'events.event.planned',
      events[0],
      { ...event(events[0], 'SEMINAR', 'REMOTE'), capacity: 50 },
      opts,
    ),
    envelope('events.event.held', events[0], event(events[0], 'SEMINAR', 'REMOTE'), opts),
    envelope(
      'events.attendance.recorded',
      events[0],
      {
        eventId: events[0],
        kind: 'SEMINAR',
        organizerOrganizationId: site.id,
        municipalityId: south,
        heldOn: '2024-10-15',
        participants: 30,
        attended: 25,
        hours: 50,
        byOrganization: [
          { organizationId: supportedA.id, attended: 15, hours: 30 },
          { organizationId: supportedB.id, attended: 10, hours: 20 },
        ],
      },
      opts,
    ),
    envelope('events.event.held', events[1], event(events[1], 'SEMINAR', 'IN_PERSON'), opts),
    envelope(
      'events.event.held',
      events[2],
      event(events[2], 'TUTORING_SESSION', 'REMOTE', leader.id, north, '2024-11-05'),
      opts,
    ),
    envelope(
      'events.attendance.recorded',
      events[2],
      {
        eventId: events[2],
        kind: 'TUTORING_SESSION',
        organizerOrganizationId: leader.id,
        municipalityId: north,
        heldOn: '2024-11-05',
        participants: 4,
        attended: 4,
        hours: 6,
        byOrganization: [
          { organizationId: supportedA.id, attended: 3, hours: 4.5 },
          { organizationId: supportedA.id, attended: 1, hours: 1.5 },
        ],
      },
      opts,
    ),
    envelope(
      'events.event.planned',
      events[3],
      { ...event(events[3], 'MASTER_CLASS', 'IN_PERSON'), capacity: null },
      opts,
    ),
    envelope(
      'events.event.cancelled',
      events[3],
      { ...event(events[3], 'MASTER_CLASS', 'IN_PERSON'), reason: 'Карантин' },
      opts,
    ),
    envelope(
      'events.feedback.given',
      events[0],
      {
        feedbackId: randomUUID(),
        eventId: events[0],
        organizerOrganizationId: site.id,
        municipalityId: south,
        rating: 5,
      },
      opts,
    ),
    envelope(
      'events.material.published',
      randomUUID(),
      {
        materialId: randomUUID(),
        organizationId: site.id,
        municipalityId: south,
        kind: 'Методические рекомендации',
        publishedOn: '2024-12-01',
        eventId: events[0],
        planItemId: null,
      },
      opts,
    ),
  ];
  return {
    world,
    leader,
    supportedA,
    supportedB,
    site,
    north,
    south,
    all: [...registry, ...agreements, ...activity],
    /** Counted by hand from the events above, for the region and the 2024–2025 school year. */
    expected: {
      schoolsByStatus: [
        { kind: 'LEADER_SCHOOL', count: 1 },
        { kind: 'LOW_RESULTS', count: 1 },
        { kind: 'TRAINING_SITE', count: 1 },
        { kind: 'UNFAVOURABLE_CONDITIONS', count: 1 },
      ],
      activeAgreements: 1,
      // 4 items planned, one cancelled: 3 planned, 2 done.
      planFulfilment: { planned: 3, done: 2, cancelled: 1, percent: 66.67 },
      eventsByKind: [
        { kind: 'SEMINAR', format: 'IN_PERSON', held: 1, participants: 0 },
        { kind: 'SEMINAR', format: 'REMOTE', held: 1, participants: 25 },
        { kind: 'TUTORING_SESSION', format: 'REMOTE', held: 1, participants: 4 },
      ],
      eventsHeld: 3,
      participantsReached: 29,
      tutoringHours: 6,
      materialsPublished: 1,
    },
  };
}
