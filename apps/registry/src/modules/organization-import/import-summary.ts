import type { OrganizationImportReport } from './organization-import.service';

const OUTCOME = {
  APPLIED: 'изменения записаны',
  DRY_RUN: 'пробный прогон, ничего не записано',
  REJECTED: 'есть отклонённые строки, ничего не записано (режим «всё или ничего»)',
} as const;

/** The report as a few Russian lines for a terminal: totals, then the first `limit` rejections. */
export function formatImportSummary(report: OrganizationImportReport, limit = 20): string {
  const { totals } = report;
  const lines = [
    `Импорт: ${OUTCOME[report.outcome]}`,
    `  строк: ${totals.rows}; внесено: ${totals.created}; обновлено: ${totals.updated}; без изменений: ${totals.unchanged}; отклонено: ${totals.rejected}`,
  ];
  if (report.municipalitiesCreated.length)
    lines.push(`  создано муниципальных образований: ${report.municipalitiesCreated.join(', ')}`);
  for (const rejected of report.rejected.slice(0, limit))
    lines.push(
      `  строка ${rejected.row}${rejected.column ? `, столбец «${rejected.column}»` : ''}: ${rejected.message} [${rejected.code}]`,
    );
  if (report.rejected.length > limit)
    lines.push(`  … и ещё ${report.rejected.length - limit} причин отклонения`);
  return `${lines.join('\n')}\n`;
}
