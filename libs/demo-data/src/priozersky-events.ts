import type { Execute } from './load-seed-documents';

/**
 * Events of the Priozersky district's training site (000: the site works remotely, §3.2; it
 * holds seminars and consultations, §3.1) for the demo: two remote seminars already held with
 * their attendance, and a consultation a fortnight ahead. Entered through the gateway with the
 * loader's token; run again, it adds nothing (the calendar is looked up by title first).
 */
const seminars = [
  {
    kind: 'SEMINAR',
    title: 'Формирующее оценивание на уроках математики',
    subject: 'Математика',
    startsAt: '2026-02-10T11:00:00+03:00',
    endsAt: '2026-02-10T13:00:00+03:00',
    attendees: ['Смирнова Анна Викторовна', 'Кузнецов Олег Игоревич', 'Попова Елена Сергеевна', 'Соколова Ирина Павловна'],
  },
  {
    kind: 'MODEL_SEMINAR',
    title: 'Модельный семинар «Читательская грамотность в 5–7 классах»',
    subject: 'Русский язык',
    startsAt: '2026-03-12T11:00:00+03:00',
    endsAt: '2026-03-12T13:30:00+03:00',
    attendees: ['Васильева Ольга Николаевна', 'Морозова Татьяна Андреевна', 'Новиков Денис Юрьевич'],
  },
] as const;

export interface DemoEventsSummary {
  planned: number;
  attendance: number;
}

export async function loadPriozerskyEvents(execute: Execute, now = new Date()): Promise<DemoEventsSummary> {
  const { regionByCode } = await execute<{ regionByCode: { id: string } | null }>(
    `query DemoEventsRegion { regionByCode(code: "47") { id } }`,
  );
  if (!regionByCode) return { planned: 0, attendance: 0 };
  const find = async (search: string) =>
    (
      await execute<{ organizations: { edges: { node: { id: string } }[] } }>(
        `query DemoEventsOrganization($filter: OrganizationsFilter) { organizations(filter: $filter, first: 1) { edges { node { id } } } }`,
        { filter: { regionId: regionByCode.id, search } },
      )
    ).organizations.edges[0]?.node.id;
  const site = await find('СОШ 4');
  const centre = await find('ЦИТ');
  if (!site || !centre) return { planned: 0, attendance: 0 };

  const consultationStart = new Date(now.getTime() + 14 * 86_400_000);
  consultationStart.setUTCHours(12, 0, 0, 0);
  const all = [
    ...seminars,
    {
      kind: 'GROUP_CONSULTATION',
      title: 'Групповая консультация: подготовка к ОГЭ по математике',
      subject: 'Математика',
      startsAt: consultationStart.toISOString(),
      endsAt: new Date(consultationStart.getTime() + 90 * 60_000).toISOString(),
      attendees: [],
    },
  ];
  const { calendar } = await execute<{ calendar: { edges: { node: { title: string } }[] } }>(
    `query DemoEventsCalendar($filter: CalendarFilter!) { calendar(filter: $filter, first: 500) { edges { node { id title } } } }`,
    { filter: { regionId: regionByCode.id, organizerOrganizationId: site, from: '2026-01-01T00:00:00Z', to: '2028-01-01T00:00:00Z', includeCancelled: true } },
  );
  const existing = new Set(calendar.edges.map((e) => e.node.title));
  let planned = 0;
  let attendance = 0;
  for (const event of all) {
    if (existing.has(event.title)) continue;
    const { planEvent } = await retryUntilKnown(() =>
      execute<{ planEvent: { id: string } }>(
        `mutation DemoPlanEvent($input: PlanEventInput!) { planEvent(input: $input) { id } }`,
        {
          input: {
            organizerOrganizationId: site,
            kind: event.kind,
            format: 'REMOTE',
            title: event.title,
            subject: event.subject,
            audience: 'Педагоги школ с низкими образовательными результатами',
            startsAt: event.startsAt,
            endsAt: event.endsAt,
            link: 'https://sferum.ru/?call_link=priozersk-site',
            capacity: 40,
          },
        },
      ),
    );
    planned += 1;
    if (new Date(event.startsAt) > now || event.attendees.length === 0) continue;
    await execute(`mutation DemoHeld($id: UUID!) { markEventHeld(input: { eventId: $id }) { id } }`, { id: planEvent.id });
    await execute(
      `mutation DemoAttendance($input: RecordAttendanceInput!) { recordAttendance(input: $input) { attended } }`,
      {
        input: {
          eventId: planEvent.id,
          participants: event.attendees.map((personName, i) => ({
            personName,
            organizationId: i % 2 ? centre : site,
            position: 'учитель',
            attended: true,
          })),
        },
      },
    );
    attendance += event.attendees.length;
  }
  return { planned, attendance };
}

/** The events service learns the registry's organizations from Kafka a moment after they are entered. */
async function retryUntilKnown<T>(work: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (Date.now() > deadline || !/ORGANIZER_NOT_FOUND|не найдена в реестре/.test(String((error as Error).message)))
        throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
