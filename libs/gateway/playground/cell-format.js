// @ts-check
// How a cell reads to a Russian official: dates DD.MM.YYYY, enum values by their Russian names,
// figures with Russian digit grouping. Pure; used by the table, the chart and both exports.

/** @typedef {import('./answer-table.js').Column} Column */

const numberFormat = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 6 });

/** 2022-09-01 → 01.09.2022 (a calendar date: no time zone applies). */
export function formatDate(/** @type {string} */ iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return match ? `${match[3]}.${match[2]}.${match[1]}` : iso;
}

/** An instant as DD.MM.YYYY HH:MM in the given time zone (the browser's by default). */
export function formatDateTime(
  /** @type {string | Date} */ value,
  /** @type {string | undefined} */ timeZone,
) {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('ru-RU', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.day}.${parts.month}.${parts.year} ${parts.hour}:${parts.minute}`;
}

/**
 * The text of a cell as the table shows it.
 * @param {Column} column
 * @param {unknown} value
 * @param {{ timeZone?: string, grouping?: boolean }} [options] grouping off for files: «1 020»
 *   with a non-breaking space would reach Excel as text
 * @returns {string}
 */
export function formatCell(column, value, options = {}) {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => formatCell(column, v, options)).join(', ');
  switch (column.kind) {
    case 'number':
      return typeof value === 'number'
        ? options.grouping === false
          ? String(value).replace('.', ',')
          : numberFormat.format(value)
        : String(value);
    case 'date':
      return formatDate(String(value));
    case 'datetime':
      return formatDateTime(String(value), options.timeZone);
    case 'boolean':
      return value ? 'да' : 'нет';
    case 'enum':
      return column.labels?.get(String(value)) ?? String(value);
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

const collator = new Intl.Collator('ru', { numeric: true, sensitivity: 'base' });

/**
 * Order of two cells of a column: figures by value, dates by date, the rest by their Russian
 * text («ё» with «е», «№ 4» before «№ 10»); empty cells last either way.
 * @param {Column} column
 * @param {unknown} a
 * @param {unknown} b
 * @param {1 | -1} direction
 */
export function compareCells(column, a, b, direction) {
  const emptyA = a === null || a === undefined || a === '';
  const emptyB = b === null || b === undefined || b === '';
  if (emptyA || emptyB) return Number(emptyA) - Number(emptyB);
  if (column.kind === 'number' && typeof a === 'number' && typeof b === 'number') return (a - b) * direction;
  if (column.kind === 'date' || column.kind === 'datetime')
    return (new Date(String(a)).getTime() - new Date(String(b)).getTime()) * direction;
  return collator.compare(formatCell(column, a), formatCell(column, b)) * direction;
}
