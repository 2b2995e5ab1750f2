import { z } from 'zod';
import { isoDateField, nameText, optionalText, uuidField } from '@opora/service-kit';

const uuid = uuidField();
const isoDate = isoDateField();

export const startMentorshipInput = z.object({
  agreementId: uuid,
  menteeOrganizationId: uuid,
  tutorName: nameText('ФИО тьютора', 300),
  menteeName: nameText('ФИО педагога', 300),
  subject: optionalText('Учебный предмет', 200),
  goals: optionalText('Цели', 4000),
  validFrom: isoDate,
  validTo: isoDate.nullish().transform((v) => v ?? null),
});
export type StartMentorshipInput = z.infer<typeof startMentorshipInput>;

export const endMentorshipInput = z.object({ id: uuid, endedOn: isoDate });
