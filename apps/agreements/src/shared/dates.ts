/** Calendar arithmetic on ISO dates (`YYYY-MM-DD`), in UTC so no zone shifts a day. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export const maxDay = (a: string, b: string): string => (a > b ? a : b);
