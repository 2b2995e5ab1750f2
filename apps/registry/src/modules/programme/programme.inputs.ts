import { z } from 'zod';

import { nameText } from '../shared/text';

const uuid = z.uuid({ message: 'Ожидается идентификатор UUID' });
const isoDate = z.iso.date({ message: 'Ожидается дата ГГГГ-ММ-ДД' });

export const approveProgrammeInput = z.object({
  ownerId: uuid,
  approvingOrderId: uuid.nullish().transform((v) => v ?? null),
  name: nameText('Название программы', 2000),
  startsOn: isoDate,
  endsOn: isoDate,
});
export type ApproveProgrammeInput = z.infer<typeof approveProgrammeInput>;
