import { activityKinds } from '@opora/event-contracts';

import { localIso, offsetMinutes, offsetText } from '../event/event-time';
import type { EventEntity } from '../event/event.entity';

/** An event as a feed shows it: no participants, no personal data (§63). */
export interface FeedEvent {
  event: EventEntity;
  timeZone: string;
  organizerName: string | null;
}

const escapeText = (text: string) =>
  text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** RFC 5545 §3.1: lines longer than 75 octets are folded (CRLF and one space), never inside a character. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > (out.length ? 74 : 75)) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

const utcStamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const localStamp = (d: Date, zone: string) => localIso(d, zone).slice(0, 19).replace(/[-:]/g, '');

/**
 * A VTIMEZONE for an IANA zone. Russian zones keep one offset all year since 2014, so one
 * STANDARD component with the zone's present offset describes them (RFC 5545 §3.6.5).
 */
function vtimezone(zone: string, at: Date): string[] {
  const offset = offsetText(offsetMinutes(at, zone), false);
  const name = `UTC${offsetText(offsetMinutes(at, zone))}`;
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${zone}`,
    'BEGIN:STANDARD',
    'DTSTART:19700101T000000',
    `TZOFFSETFROM:${offset}`,
    `TZOFFSETTO:${offset}`,
    `TZNAME:${name}`,
    'END:STANDARD',
    'END:VTIMEZONE',
  ];
}

/** The text of an iCalendar feed (RFC 5545): stable UIDs and SEQUENCE, so an update replaces the old entry. */
export function renderCalendar(name: string, defaultZone: string, items: FeedEvent[], now = new Date()): string {
  const zones = [...new Set([defaultZone, ...items.map((i) => i.timeZone)])];
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Opora//Events//RU',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(name)}`,
    `X-WR-TIMEZONE:${defaultZone}`,
    ...zones.flatMap((zone) => vtimezone(zone, now)),
  ];
  for (const { event, timeZone, organizerName } of items) {
    const description = [
      activityKinds[event.kind].title,
      event.subject && `Тема: ${event.subject}`,
      event.audience && `Для кого: ${event.audience}`,
      organizerName && `Организатор: ${organizerName}`,
      event.link && `Подключение: ${event.link}`,
      event.state === 'CANCELLED' && `Отменено${event.cancelReason ? `: ${event.cancelReason}` : ''}`,
    ]
      .filter(Boolean)
      .join('\n');
    lines.push(
      'BEGIN:VEVENT',
      `UID:${event.id}@events.opora`,
      `SEQUENCE:${event.sequence}`,
      `DTSTAMP:${utcStamp(event.updatedAt)}`,
      `LAST-MODIFIED:${utcStamp(event.updatedAt)}`,
      `DTSTART;TZID=${timeZone}:${localStamp(event.startsAt, timeZone)}`,
      `DTEND;TZID=${timeZone}:${localStamp(event.endsAt, timeZone)}`,
      `SUMMARY:${escapeText(event.title)}`,
      `DESCRIPTION:${escapeText(description)}`,
      ...(event.place ? [`LOCATION:${escapeText(event.place)}`] : []),
      ...(event.link ? [`URL:${event.link}`] : []),
      `CATEGORIES:${escapeText(activityKinds[event.kind].title)}`,
      `STATUS:${event.state === 'CANCELLED' ? 'CANCELLED' : 'CONFIRMED'}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}
