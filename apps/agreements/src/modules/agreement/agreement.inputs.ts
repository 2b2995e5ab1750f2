import { z } from 'zod';
import { isoDateField, nameText, optionalText, uuidField } from '@opora/service-kit';

import { agreementDirections } from './agreement.entity';

const uuid = uuidField();
const isoDate = isoDateField();

export const draftAgreementInput = z.object({
  number: nameText('Номер соглашения', 100),
  signedOn: isoDate,
  validFrom: isoDate,
  validTo: isoDate,
  leaderOrganizationId: uuid,
  partnerOrganizationIds: z
    .array(uuid)
    .min(1, { message: 'Нужна хотя бы одна поддерживаемая школа' })
    .max(50, { message: 'Не больше 50 поддерживаемых школ в одном соглашении' }),
  directions: z
    .array(z.enum(agreementDirections, { message: 'Неизвестное направление помощи' }))
    .min(1, { message: 'Нужно хотя бы одно направление помощи' }),
  subjects: z
    .array(nameText('Учебный предмет', 200))
    .max(30)
    .nullish()
    .transform((v) => v ?? []),
  goals: optionalText('Цели', 4000),
  leaderResponsible: optionalText('Ответственный от школы-лидера', 300),
  partnerResponsible: optionalText('Ответственный от поддерживаемой школы', 300),
});
export type DraftAgreementInput = z.infer<typeof draftAgreementInput>;

export const completeAgreementInput = z.object({
  id: uuid,
  /** First day the agreement no longer runs; default: the day after its period. */
  endedOn: isoDate.nullish().transform((v) => v ?? null),
});
export type CompleteAgreementInput = z.infer<typeof completeAgreementInput>;

export const terminateAgreementInput = z.object({
  id: uuid,
  endedOn: isoDate,
  reason: nameText('Причина расторжения', 2000),
});
export type TerminateAgreementInput = z.infer<typeof terminateAgreementInput>;

export const agreementsFilter = z.object({
  regionCode: z
    .string()
    .regex(/^\d{2}$/, { message: 'Код региона — две цифры' })
    .nullish()
    .transform((v) => v ?? null),
  municipalityId: uuid.nullish().transform((v) => v ?? null),
  state: z
    .enum(['DRAFT', 'CONCLUDED', 'COMPLETED', 'TERMINATED'])
    .nullish()
    .transform((v) => v ?? null),
  activeOn: isoDate.nullish().transform((v) => v ?? null),
  subject: optionalText('Учебный предмет', 200),
  direction: z
    .enum(agreementDirections)
    .nullish()
    .transform((v) => v ?? null),
});
export type AgreementsFilter = z.infer<typeof agreementsFilter>;
