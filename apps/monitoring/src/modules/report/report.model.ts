/** A report as data: titled sections of rows, rendered to JSON, XLSX and CSV alike. */
export type Cell = string | number | null;

export interface ReportSectionModel {
  title: string;
  columns: string[];
  rows: Cell[][];
}

export type ReportSubject = 'TRAINING_SITE' | 'LEADER_SCHOOL' | 'MUNICIPALITY' | 'REGION';

export interface ReportModel {
  title: string;
  subject: ReportSubject;
  subjectId: string;
  subjectName: string;
  from: string;
  to: string;
  generatedAt: Date;
  sections: ReportSectionModel[];
}

/** A calendar date `YYYY-MM-DD` as Russian documents write it: DD.MM.YYYY. */
export function russianDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}.${m}.${y}`;
}

/** A moment as DD.MM.YYYY HH:MM (Moscow time, as the authorities read their reports). */
export function russianDateTime(at: Date): string {
  const local = new Date(at.getTime() + 3 * 3600_000).toISOString();
  return `${russianDate(local)} ${local.slice(11, 16)}`;
}

/** A number as Russian text: decimal comma. */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell).replace('.', ',');
  return cell;
}
