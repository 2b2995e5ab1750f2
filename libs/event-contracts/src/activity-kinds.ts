/**
 * The kinds of activity the seeds name, one catalogue for plan items (agreements service) and
 * events (events service), so that a plan item and the event that fulfils it speak of the same
 * kind. Each kind cites where the seeds name it (docs/domain.md, «Виды мероприятий»).
 */
export const activityKinds = {
  INSTRUCTIONAL_MEETING: { title: 'Инструктивно-методическое совещание', source: '000 §3.1' },
  DESIGN_SEMINAR: { title: 'Проектировочный семинар', source: '000 §3.1' },
  NEGOTIATION_PLATFORM: { title: 'Переговорная площадка', source: '000 §3.1' },
  LABORATORY_PRACTICUM: { title: 'Лабораторный практикум', source: '000 §3.1' },
  INDIVIDUAL_CONSULTATION: { title: 'Индивидуальная консультация', source: '000 §3.1; 002 §3.3.1' },
  GROUP_CONSULTATION: { title: 'Групповая консультация', source: '000 §3.1; 002 §3.3.1' },
  CREATIVE_LABORATORY: { title: 'Творческая лаборатория', source: '000 §3.1' },
  ROUND_TABLE: { title: 'Круглый стол', source: '000 §3.1; 002 §3.3.2' },
  JOINT_METHODOLOGICAL_ASSOCIATION: {
    title: 'Совместное методическое объединение',
    source: '000 §3.1',
  },
  TUTORING_SESSION: { title: 'Тьюторское сопровождение', source: '000 §3.1; 002 §3.2.2' },
  MONITORING: { title: 'Мониторинг деятельности школ', source: '000 §3.1' },
  MODEL_SEMINAR: { title: 'Модельный семинар', source: '002 §2.2.1' },
  NETWORK_COMMUNITY_MEETING: { title: 'Встреча сетевого сообщества педагогов', source: '002 §2.2.2' },
  MASTER_CLASS: { title: 'Мастер-класс', source: '002 §3.3.2' },
  SEMINAR: { title: 'Семинар', source: '002 §3.3.2' },
  CONFERENCE: { title: 'Конференция', source: '002 §3.3.2' },
  OTHER: { title: 'Другое мероприятие по плану', source: '000 §3.1; 002 §3.3.2' },
} as const;

export type ActivityKind = keyof typeof activityKinds;

export const activityKindValues = Object.keys(activityKinds) as [ActivityKind, ...ActivityKind[]];

/** How an event is held; a training site works remotely (000 §3.2). */
export const eventFormats = ['REMOTE', 'IN_PERSON', 'MIXED'] as const;
export type EventFormat = (typeof eventFormats)[number];
