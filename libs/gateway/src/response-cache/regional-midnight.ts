/** Offsets of Russia's time zones from UTC, hours (Kaliningrad +2 … Kamchatka +12; no DST). */
const russianOffsetsHours = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

/**
 * The next moment after `now` that is midnight in some Russian region. An answer that depends on
 * today's date (`activeOn` left to default) turns stale at its region's midnight; the gateway does
 * not know each region's time zone (the registry does), so every cached answer expires at the
 * first midnight of any of them: at most one hour between 12:00 and 22:00 UTC, up to 14 hours
 * otherwise.
 */
export function nextRegionalMidnight(now: number): number {
  const hour = 3_600_000;
  let next = Infinity;
  for (const offset of russianOffsetsHours) {
    const local = now + offset * hour;
    const localMidnight = Math.floor(local / (24 * hour)) * 24 * hour + 24 * hour;
    next = Math.min(next, localMidnight - offset * hour);
  }
  return next;
}
