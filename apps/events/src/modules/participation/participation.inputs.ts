import { z } from 'zod';
import { nameText, optionalText, uuidField } from '@opora/service-kit';

const uuid = uuidField();

export const registerInput = z.object({
  eventId: uuid,
  personName: nameText('ФИО участника', 300),
  organizationId: uuid,
  position: optionalText('Должность', 300),
  /** The caller registers themselves: the event appears in their own calendar feed. */
  forMyself: z.boolean().nullish().transform((v) => v ?? true),
});
export type RegisterInput = z.infer<typeof registerInput>;

export const MAX_ATTENDANCE = 500;

const attendanceEntry = z
  .object({
    registrationId: uuid.nullish().transform((v) => v ?? null),
    personName: optionalText('ФИО участника', 300),
    organizationId: uuid.nullish().transform((v) => v ?? null),
    position: optionalText('Должность', 300),
    attended: z.boolean({ message: 'Укажите, присутствовал ли участник' }),
    hours: z.number({ message: 'Часы — число' }).min(0, 'Часы не могут быть отрицательными').max(1000).nullish().transform((v) => v ?? null),
  })
  .refine((e) => e.registrationId !== null || (e.personName !== null && e.organizationId !== null), {
    message: 'Укажите регистрацию участника или ФИО и организацию участника из списка организатора',
    path: ['registrationId'],
  });

export const recordAttendanceInput = z.object({
  eventId: uuid,
  participants: z
    .array(attendanceEntry)
    .min(1, 'Список участников пуст')
    .max(MAX_ATTENDANCE, `За один раз — не больше ${MAX_ATTENDANCE} участников`),
});
export type RecordAttendanceInput = z.infer<typeof recordAttendanceInput>;

export const giveFeedbackInput = z.object({
  eventId: uuid,
  rating: z
    .number({ message: 'Оценка — число от 1 до 5' })
    .int('Оценка — целое число от 1 до 5')
    .min(1, 'Оценка — от 1 до 5')
    .max(5, 'Оценка — от 1 до 5'),
  comment: optionalText('Комментарий', 4000),
});
export type GiveFeedbackInput = z.infer<typeof giveFeedbackInput>;
