import { z } from 'zod';
import { activityKindValues, planOwnerKinds } from '@opora/event-contracts';
import { isoDateField, nameText, optionalText, uuidField } from '@opora/service-kit';

const uuid = uuidField();
const isoDate = isoDateField();

export const draftPlanInput = z.object({
  ownerKind: z.enum(planOwnerKinds),
  ownerId: uuid,
  title: nameText('Название плана', 500),
  periodFrom: isoDate,
  periodTo: isoDate,
});
export type DraftPlanInput = z.infer<typeof draftPlanInput>;

const itemFields = {
  activityKind: z.enum(activityKindValues, { message: 'Неизвестный вид мероприятия' }),
  topic: nameText('Тема', 1000),
  subject: optionalText('Учебный предмет', 200),
  audience: optionalText('Участники', 500),
  plannedOn: isoDate,
  plannedMonthOnly: z
    .boolean()
    .nullish()
    .transform((v) => v ?? false),
  frequency: optionalText('Периодичность', 200),
  durationHours: z
    .number({ message: 'Продолжительность — число часов' })
    .nonnegative({ message: 'Продолжительность не может быть отрицательной' })
    .max(1000, { message: 'Продолжительность — не больше 1000 часов' })
    .nullish()
    .transform((v) => v ?? null),
  responsible: optionalText('Ответственный', 300),
};

export const addPlanItemInput = z.object({ planId: uuid, ...itemFields });
export type AddPlanItemInput = z.infer<typeof addPlanItemInput>;

export const changePlanItemInput = z.object({ itemId: uuid, ...itemFields });
export type ChangePlanItemInput = z.infer<typeof changePlanItemInput>;

export const planItemRefInput = z.object({ itemId: uuid });
export const planRefInput = z.object({ planId: uuid });

export const returnPlanInput = z.object({ planId: uuid, comments: nameText('Замечания', 4000) });

export const markPlanItemDoneInput = z.object({ itemId: uuid, doneOn: isoDate });
export const cancelPlanItemInput = z.object({ itemId: uuid, reason: optionalText('Причина', 2000) });

export const plansFilter = z.object({
  regionCode: z
    .string()
    .regex(/^\d{2}$/, { message: 'Код региона — две цифры' })
    .nullish()
    .transform((v) => v ?? null),
  municipalityId: uuid.nullish().transform((v) => v ?? null),
  organizationId: uuid.nullish().transform((v) => v ?? null),
  state: z
    .enum(['DRAFT', 'SUBMITTED', 'RETURNED', 'AGREED'], { message: 'Неизвестное состояние плана' })
    .nullish()
    .transform((v) => v ?? null),
  activeOn: isoDate.nullish().transform((v) => v ?? null),
});
export type PlansFilter = z.infer<typeof plansFilter>;
