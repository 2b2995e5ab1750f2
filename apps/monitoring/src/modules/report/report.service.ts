import type { DataSource } from 'typeorm';
import { activityKinds } from '@opora/event-contracts';
import type { EventFormat, StatusKind } from '@opora/event-contracts';

import { schoolYearOf } from '../activity/activity.period';
import { ActivityService } from '../activity/activity.service';
import type { Scope } from '../activity/activity.service';
import { sourceTopics } from '../activity/activity.workers';
import { freshnessOf } from '../activity/freshness';
import { AnalyticsService } from '../analytics/analytics.service';
import { EffectivenessService } from '../analytics/effectiveness.service';
import { MeasurementError } from '../measurement/measurement.errors';
import type { Cell, ReportModel, ReportSectionModel, ReportSubject } from './report.model';
import { russianDateTime } from './report.model';

const statusTitles: Record<StatusKind, string> = {
  LEADER_SCHOOL: 'Школы-лидеры',
  TRAINING_SITE: 'Муниципальные стажировочные площадки',
  REGIONAL_INNOVATION_SITE: 'Региональные инновационные площадки',
  LOW_RESULTS: 'Школы с низкими образовательными результатами (ШНОР)',
  UNFAVOURABLE_CONDITIONS: 'Школы в неблагоприятных социальных условиях (ШССУ)',
};
const formatTitles: Record<EventFormat, string> = {
  REMOTE: 'дистанционно',
  IN_PERSON: 'очно',
  MIXED: 'смешанный',
};
const subjectTitles: Record<ReportSubject, string> = {
  TRAINING_SITE: 'Отчёт муниципальной стажировочной площадки',
  LEADER_SCHOOL: 'Отчёт школы-лидера',
  MUNICIPALITY: 'Отчёт мониторинга муниципального образования',
  REGION: 'Отчёт мониторинга региона',
};

/** The results the municipality's and region's reports show (the Moscow open data's indicators). */
export const reportIndicators = [
  'EGE_THREE_SUBJECTS_PARTICIPANTS',
  'EGE_THREE_SUBJECTS_SHARE_HIGH',
  'EGE_THREE_SUBJECTS_SHARE_BELOW_THRESHOLD',
];

export interface ReportRequest {
  subject: ReportSubject;
  id: string;
  from: string;
  to: string;
}

/**
 * Monitoring reports per training site, leader school, municipality or region and period
 * (000 §3.5.2: the site's head provides its reporting; 000 §3.5.1: the centre monitors the site):
 * the activity, the effectiveness or results, and the freshness of the sources.
 */
export class ReportService {
  private readonly activity: ActivityService;
  private readonly analytics: AnalyticsService;
  private readonly effectiveness: EffectivenessService;

  constructor(private readonly dataSource: DataSource) {
    this.activity = new ActivityService(dataSource);
    this.analytics = new AnalyticsService(dataSource);
    this.effectiveness = new EffectivenessService(dataSource);
  }

  async nameOf(subject: ReportSubject, id: string): Promise<string | null> {
    const table =
      subject === 'REGION'
        ? 'projected_region'
        : subject === 'MUNICIPALITY'
          ? 'projected_municipality'
          : 'projected_organization';
    const column = table === 'projected_organization' ? 'full_name' : 'name';
    const [row] = (await this.dataSource.query(`select ${column} as name from ${table} where id = $1`, [
      id,
    ])) as { name: string }[];
    return row?.name ?? null;
  }

  async build(request: ReportRequest): Promise<ReportModel> {
    const name = await this.nameOf(request.subject, request.id);
    if (!name)
      throw new MeasurementError(
        'ORGANIZATION_NOT_FOUND',
        'Объект отчёта не найден в реестре (или сведения о нём ещё не поступили в мониторинг)',
        'input.id',
      );
    const scope: Scope =
      request.subject === 'REGION'
        ? { level: 'REGION', id: request.id }
        : request.subject === 'MUNICIPALITY'
          ? { level: 'MUNICIPALITY', id: request.id }
          : { level: 'ORGANIZATION', id: request.id };
    const summary = await this.activity.summary(scope, request.from, request.to);
    const sections: ReportSectionModel[] = [
      {
        title: 'Деятельность за период',
        columns: ['Показатель', 'Значение'],
        rows: [
          ...summary.schoolsByStatus.map((s): Cell[] => [statusTitles[s.kind], s.count]),
          ['Действующих соглашений о партнёрстве', summary.activeAgreements],
          ['Пунктов плана запланировано', summary.planFulfilment.planned],
          ['Пунктов плана выполнено', summary.planFulfilment.done],
          ['Пунктов плана отменено', summary.planFulfilment.cancelled],
          ['Выполнение плана, %', summary.planFulfilment.percent],
          ['Проведено мероприятий', summary.eventsHeld],
          ['Участников мероприятий', summary.participantsReached],
          ['Часов тьюторского сопровождения', summary.tutoringHours],
          ['Опубликовано методических материалов', summary.materialsPublished],
        ],
      },
      {
        title: 'Мероприятия по видам и формам',
        columns: ['Вид мероприятия', 'Формат', 'Проведено', 'Участников'],
        rows: summary.eventsByKind.map((e) => [
          activityKinds[e.kind].title,
          formatTitles[e.format],
          e.held,
          e.participants,
        ]),
      },
    ];
    const year = schoolYearOf(request.to);
    const period = `${year.from.slice(0, 4)}-${year.to.slice(0, 4)}`;
    if (request.subject === 'TRAINING_SITE') {
      const e = await this.effectiveness.trainingSite(request.id, request.from, request.to);
      sections.push({
        title: 'Эффективность стажировочной площадки',
        columns: ['Показатель', 'Значение'],
        rows: [
          ['Выполнение плана, %', e.planFulfilment],
          ['Средняя оценка мероприятий (1–5)', e.averageRating],
          ['Явка, %', e.attendanceRate],
          ['Индекс эффективности (0–100)', e.index],
        ],
      });
    }
    if (request.subject === 'LEADER_SCHOOL') {
      for (const code of reportIndicators.slice(1)) {
        const indicator = await this.analytics.indicator(code, 'input');
        const e = await this.effectiveness.leaderSchool(request.id, indicator, period);
        sections.push({
          title: `Результаты школ-партнёров: ${indicator.name}, ${period}`,
          columns: ['Школа', 'Год до соглашения', 'До соглашения', `${period}`, 'Изменение'],
          rows: [
            ...e.partners.map((p): Cell[] => [p.name, p.baselinePeriod, p.baseline, p.current, p.change]),
            ['Изменение по региону за те же годы', null, null, null, e.regionChange],
            ['Эффект школы-лидера (сверх регионального)', null, null, null, e.effect],
          ],
        });
      }
    }
    if (request.subject === 'REGION' || request.subject === 'MUNICIPALITY')
      sections.push(await this.results(request.subject, request.id, period));
    const freshness = await freshnessOf(this.dataSource, sourceTopics);
    sections.push({
      title: 'Свежесть данных',
      columns: ['Источник', 'Последнее учтённое событие', 'Не учтено событий', 'Отставание, с'],
      rows: freshness.map((f) => [
        f.source,
        f.lastEventAt ? russianDateTime(f.lastEventAt) : 'нет событий',
        f.lagEvents,
        f.lagSeconds === null ? null : Math.round(f.lagSeconds),
      ]),
    });
    return {
      title: subjectTitles[request.subject],
      subject: request.subject,
      subjectId: request.id,
      subjectName: name,
      from: request.from,
      to: request.to,
      generatedAt: new Date(),
      sections,
    };
  }

  /** A region's municipalities, or a municipality's schools, on the report's indicators. */
  private async results(
    subject: 'REGION' | 'MUNICIPALITY',
    id: string,
    period: string,
  ): Promise<ReportSectionModel> {
    const indicators = await Promise.all(
      reportIndicators.map((code) => this.analytics.indicator(code, 'input')),
    );
    if (subject === 'REGION') {
      const comparisons = await Promise.all(
        indicators.map((i) => this.analytics.compareMunicipalities(id, i, period)),
      );
      return {
        title: `Результаты по муниципальным образованиям, ${period} (средние по школам)`,
        columns: ['Муниципальное образование', 'Школ', ...indicators.map((i) => i.name)],
        rows: comparisons[0].rows
          .map((row): Cell[] => [
            row.name,
            row.schools,
            ...comparisons.map((c) => c.rows.find((r) => r.id === row.id)?.average ?? null),
          ])
          .sort((a, b) => String(a[0]).localeCompare(String(b[0]), 'ru')),
      };
    }
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `select o.full_name, o.ogrn, ${reportIndicators
        .map(
          (_, i) =>
            `(select value::float8 from measurement m where m.organization_id = o.id and m.indicator_code = $${i + 3} and m.period = $2) as v${i}`,
        )
        .join(', ')}
         from projected_organization o where o.municipality_id = $1 order by o.full_name`,
      [id, period, ...reportIndicators],
    );
    return {
      title: `Результаты школ, ${period}`,
      columns: ['Организация', 'ОГРН', ...indicators.map((i) => i.name)],
      rows: rows.map((r) => [
        r.full_name as string,
        r.ogrn as string | null,
        ...reportIndicators.map((_, i) => r[`v${i}`] as number | null),
      ]),
    };
  }
}
