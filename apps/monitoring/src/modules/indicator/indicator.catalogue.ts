/**
 * The indicator catalogue the service starts with (docs/decisions.md §66). Results of the state
 * exams (ЕГЭ, ОГЭ) and of the all-Russian tests (ВПР) by subject — participants, average score,
 * share below the threshold, share of high results — and the process indicators of the network's
 * work, which are computed from the activity projection rather than entered (000 §3.1, §3.5.1).
 * The year is not part of an indicator: it is the measurement's period (a school year).
 */
export type Exam = 'EGE' | 'OGE' | 'VPR' | 'PROCESS';
export type Measure =
  'PARTICIPANTS' | 'AVERAGE_SCORE' | 'SHARE_BELOW_THRESHOLD' | 'SHARE_HIGH' | 'COUNT' | 'SHARE' | 'HOURS';

export interface IndicatorDefinition {
  code: string;
  name: string;
  exam: Exam;
  subject: string | null;
  measure: Measure;
  unit: string;
  minValue: number;
  maxValue: number;
  higherIsBetter: boolean;
  computed: boolean;
  description: string;
}

const examTitles: Record<
  Exclude<Exam, 'PROCESS'>,
  { title: string; maxScore: number; threshold: string; high: string }
> = {
  EGE: { title: 'ЕГЭ', maxScore: 100, threshold: 'ниже минимального балла', high: '81 балл и выше' },
  OGE: { title: 'ОГЭ', maxScore: 5, threshold: 'отметка «2»', high: 'отметка «5»' },
  VPR: { title: 'ВПР', maxScore: 5, threshold: 'отметка «2»', high: 'отметки «4» и «5»' },
};

const subjects: Record<string, string> = {
  RUSSIAN: 'русский язык',
  MATHEMATICS: 'математика',
};

function examIndicators(
  exam: Exclude<Exam, 'PROCESS'>,
  subjectCode: string,
  subject: string,
): IndicatorDefinition[] {
  const { title, maxScore, threshold, high } = examTitles[exam];
  const code = `${exam}_${subjectCode}`;
  const scoreUnit = exam === 'EGE' ? 'балл' : 'отметка';
  return [
    {
      code: `${code}_PARTICIPANTS`,
      name: `${title}, ${subject}: участники`,
      exam,
      subject,
      measure: 'PARTICIPANTS',
      unit: 'человек',
      minValue: 0,
      maxValue: 100_000,
      higherIsBetter: true,
      computed: false,
      description: `Число обучающихся, писавших ${title} (${subject})`,
    },
    {
      code: `${code}_AVERAGE_SCORE`,
      name: `${title}, ${subject}: средний результат`,
      exam,
      subject,
      measure: 'AVERAGE_SCORE',
      unit: scoreUnit,
      minValue: 0,
      maxValue: maxScore,
      higherIsBetter: true,
      computed: false,
      description: `Средний ${scoreUnit} школы по ${title} (${subject})`,
    },
    {
      code: `${code}_SHARE_BELOW_THRESHOLD`,
      name: `${title}, ${subject}: доля ниже порога, %`,
      exam,
      subject,
      measure: 'SHARE_BELOW_THRESHOLD',
      unit: '%',
      minValue: 0,
      maxValue: 100,
      higherIsBetter: false,
      computed: false,
      description: `Доля участников с результатом «${threshold}», в процентах`,
    },
    {
      code: `${code}_SHARE_HIGH`,
      name: `${title}, ${subject}: доля высоких результатов, %`,
      exam,
      subject,
      measure: 'SHARE_HIGH',
      unit: '%',
      minValue: 0,
      maxValue: 100,
      higherIsBetter: true,
      computed: false,
      description: `Доля участников с результатом «${high}», в процентах`,
    },
  ];
}

/** ЕГЭ over three subjects, as Moscow publishes it (open data set 9722): 160 and 220 points. */
const egeThreeSubjects: IndicatorDefinition[] = [
  {
    code: 'EGE_THREE_SUBJECTS_PARTICIPANTS',
    name: 'ЕГЭ, три предмета: участники',
    exam: 'EGE',
    subject: 'три предмета',
    measure: 'PARTICIPANTS',
    unit: 'человек',
    minValue: 0,
    maxValue: 100_000,
    higherIsBetter: true,
    computed: false,
    description: 'Выпускники, сдававшие ЕГЭ (сумма баллов по трём предметам)',
  },
  {
    code: 'EGE_THREE_SUBJECTS_SHARE_BELOW_THRESHOLD',
    name: 'ЕГЭ, три предмета: доля менее 160 баллов, %',
    exam: 'EGE',
    subject: 'три предмета',
    measure: 'SHARE_BELOW_THRESHOLD',
    unit: '%',
    minValue: 0,
    maxValue: 100,
    higherIsBetter: false,
    computed: false,
    description: 'Доля выпускников, набравших в сумме по трём предметам менее 160 баллов, в процентах',
  },
  {
    code: 'EGE_THREE_SUBJECTS_SHARE_HIGH',
    name: 'ЕГЭ, три предмета: доля 220 баллов и выше, %',
    exam: 'EGE',
    subject: 'три предмета',
    measure: 'SHARE_HIGH',
    unit: '%',
    minValue: 0,
    maxValue: 100,
    higherIsBetter: true,
    computed: false,
    description: 'Доля выпускников, набравших в сумме по трём предметам не менее 220 баллов, в процентах',
  },
];

/** Process indicators: computed for a period from the activity projection, never entered. */
export const processIndicators: IndicatorDefinition[] = [
  {
    code: 'PROCESS_PLAN_FULFILMENT',
    name: 'Выполнение плана, %',
    exam: 'PROCESS',
    subject: null,
    measure: 'SHARE',
    unit: '%',
    minValue: 0,
    maxValue: 100,
    higherIsBetter: true,
    computed: true,
    description:
      'Проведено пунктов плана из запланированных на период (отменённые не считаются), в процентах',
  },
  {
    code: 'PROCESS_EVENTS_HELD',
    name: 'Проведено мероприятий',
    exam: 'PROCESS',
    subject: null,
    measure: 'COUNT',
    unit: 'мероприятий',
    minValue: 0,
    maxValue: 1_000_000,
    higherIsBetter: true,
    computed: true,
    description: 'Мероприятия, которые организация провела за период',
  },
  {
    code: 'PROCESS_PARTICIPANTS_REACHED',
    name: 'Охват участников',
    exam: 'PROCESS',
    subject: null,
    measure: 'COUNT',
    unit: 'человек',
    minValue: 0,
    maxValue: 10_000_000,
    higherIsBetter: true,
    computed: true,
    description: 'Участники мероприятий организации за период (присутствовавшие)',
  },
  {
    code: 'PROCESS_TUTORING_HOURS',
    name: 'Часы тьюторского сопровождения',
    exam: 'PROCESS',
    subject: null,
    measure: 'HOURS',
    unit: 'часов',
    minValue: 0,
    maxValue: 10_000_000,
    higherIsBetter: true,
    computed: true,
    description: 'Часы тьюторского сопровождения, полученные педагогами организации за период',
  },
  {
    code: 'PROCESS_MATERIALS_PUBLISHED',
    name: 'Опубликовано методических материалов',
    exam: 'PROCESS',
    subject: null,
    measure: 'COUNT',
    unit: 'материалов',
    minValue: 0,
    maxValue: 1_000_000,
    higherIsBetter: true,
    computed: true,
    description: 'Методические материалы, опубликованные организацией за период',
  },
];

export const indicatorCatalogue: IndicatorDefinition[] = [
  ...(['EGE', 'OGE', 'VPR'] as const).flatMap((exam) =>
    Object.entries(subjects).flatMap(([code, subject]) => examIndicators(exam, code, subject)),
  ),
  ...egeThreeSubjects,
  ...processIndicators,
];
