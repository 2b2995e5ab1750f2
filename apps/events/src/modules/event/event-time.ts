/**
 * An instant as the region's clock shows it: `2026-03-05T10:00:00+03:00`. Russian zones have had
 * no daylight saving since 2014, but the offset is still taken for the instant itself.
 */
export function localIso(instant: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    clockOf(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const local = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
  return `${local}${offsetText(offsetMinutes(instant, timeZone))}`;
}

/*
 * Building an Intl.DateTimeFormat costs far more than using one (a month's feed of 2,000 events
 * formats 8,000 instants): one formatter of each kind per zone, kept for the process.
 */
const clocks = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, Intl.DateTimeFormat>();

function clockOf(timeZone: string): Intl.DateTimeFormat {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    clocks.set(timeZone, clock);
  }
  return clock;
}

function offsetFormatOf(timeZone: string): Intl.DateTimeFormat {
  let format = offsets.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsets.set(timeZone, format);
  }
  return format;
}

/** Minutes the zone is ahead of UTC at this instant. */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const name = offsetFormatOf(timeZone)
    .formatToParts(instant)
    .find((p) => p.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name ?? '');
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}

export function offsetText(minutes: number, withColon = true): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${sign}${hh}${withColon ? ':' : ''}${mm}`;
}
