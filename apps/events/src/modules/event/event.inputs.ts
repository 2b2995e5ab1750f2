import { z } from 'zod';
import { activityKindValues, eventFormats } from '@opora/event-contracts';
import { nameText, optionalText, uuidField } from '@opora/service-kit';

const uuid = uuidField();
/** A moment in time: the DateTime scalar hands a Date; a string must carry its zone. Kept as ISO text. */
const instant = z
  .union([z.date(), z.iso.datetime({ offset: true })], { message: 'Ожидается момент времени ISO 8601 с часовым поясом' })
  .transform((value) => new Date(value).toISOString());

/** A link participants follow: http(s) only. */
export const linkField = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
    } catch {
      return false;
    }
  }, 'Ссылка должна быть адресом http(s)://…')
  .max(2000, 'Ссылка длиннее 2000 знаков');

export const planEventInput = z.object({
  organizerOrganizationId: uuid,
  kind: z.enum(activityKindValues, { message: 'Неизвестный вид мероприятия' }),
  format: z.enum(eventFormats, { message: 'Формат — REMOTE, IN_PERSON или MIXED' }),
  title: nameText('Название мероприятия', 500),
  subject: optionalText('Предмет или тема', 300),
  audience: optionalText('Целевая аудитория', 500),
  startsAt: instant,
  endsAt: instant,
  place: optionalText('Место проведения', 500),
  link: linkField.nullish().transform((v) => v ?? null),
  capacity: z.number().int().positive('Вместимость — целое положительное число').max(100_000).nullish().transform((v) => v ?? null),
  planItemId: uuid.nullish().transform((v) => v ?? null),
});
export type PlanEventInput = z.infer<typeof planEventInput>;

export const rescheduleEventInput = z.object({
  eventId: uuid,
  startsAt: instant,
  endsAt: instant,
  place: optionalText('Место проведения', 500),
  link: linkField.nullish().transform((v) => v ?? null),
});
export type RescheduleEventInput = z.infer<typeof rescheduleEventInput>;

export const cancelEventInput = z.object({
  eventId: uuid,
  reason: optionalText('Причина отмены', 1000),
});
export type CancelEventInput = z.infer<typeof cancelEventInput>;

export const calendarFilterInput = z.object({
  regionId: uuid,
  municipalityId: uuid.nullish(),
  organizerOrganizationId: uuid.nullish(),
  from: instant,
  to: instant,
  kinds: z.array(z.enum(activityKindValues)).nullish(),
  formats: z.array(z.enum(eventFormats)).nullish(),
  subject: z.string().trim().max(300).nullish(),
  includeCancelled: z.boolean().nullish(),
});
export type CalendarFilter = z.infer<typeof calendarFilterInput>;
