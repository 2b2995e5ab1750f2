// @ts-check
// What an exported file says about itself: the operation's title and the date of its data.
import { formatDate, formatDateTime } from './cell-format.js';

/**
 * The date the figures are for: the operation's `Date` variables (`activeOn: $date`), else the
 * moment the answer came (data "as of now").
 * @param {any} document the parsed operation
 * @param {string | null | undefined} operationName
 * @param {Record<string, unknown> | null | undefined} variables
 * @param {Date} answeredAt
 * @param {string} [timeZone]
 */
export function dataDateLine(document, operationName, variables, answeredAt, timeZone) {
  const operation = document.definitions.find(
    (/** @type {any} */ d) =>
      d.kind === 'OperationDefinition' && (!operationName || d.name?.value === operationName),
  );
  /** @type {any[]} */
  const definitions = operation?.variableDefinitions ?? [];
  const dates = definitions
    .filter(
      (/** @type {any} */ v) =>
        namedType(v.type) === 'Date' && typeof variables?.[v.variable.name.value] === 'string',
    )
    .map((/** @type {any} */ v) => ({
      name: v.variable.name.value,
      value: formatDate(String(variables?.[v.variable.name.value])),
    }));
  const answered = formatDateTime(answeredAt, timeZone);
  if (dates.length === 1) return `Данные на ${dates[0].value} (получены ${answered})`;
  if (dates.length > 1)
    return `Даты запроса: ${dates.map((d) => `${d.name} — ${d.value}`).join(', ')} (получены ${answered})`;
  return `Данные на ${answered}`;
}

/** @param {any} type */
function namedType(type) {
  let current = type;
  while (current.kind !== 'NamedType') current = current.type;
  return current.name.value;
}
