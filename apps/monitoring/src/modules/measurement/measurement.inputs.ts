import { z } from 'zod';
import { nameText, uuidField } from '@opora/service-kit';

/** A school year `YYYY-YYYY` of two consecutive years (2015-2016). */
export const schoolYear = () =>
  z
    .string({ message: 'Ожидается учебный год ГГГГ-ГГГГ' })
    .trim()
    .regex(/^\d{4}-\d{4}$/, { message: 'Учебный год записывается как ГГГГ-ГГГГ, например 2015-2016' })
    .refine((p) => Number(p.slice(5)) === Number(p.slice(0, 4)) + 1, {
      message: 'Учебный год — два соседних года, например 2015-2016',
    });

export function isSchoolYear(text: string): boolean {
  return schoolYear().safeParse(text).success;
}

export const indicatorCode = () =>
  z
    .string()
    .trim()
    .min(1, { message: 'Укажите код показателя' })
    .max(64, { message: 'Код показателя не длиннее 64 знаков' });

export const recordMeasurementInput = z.object({
  organizationId: uuidField(),
  indicatorCode: indicatorCode(),
  period: schoolYear(),
  value: z.number({ message: 'Ожидается число' }).finite({ message: 'Ожидается конечное число' }),
  replace: z.boolean().nullish(),
});
export type RecordMeasurementRequest = z.infer<typeof recordMeasurementInput>;

const MAX_BASE64 = 16 * 1024 * 1024;
const column = () => nameText('Название столбца', 300);

/** `importMeasurements(input)`: the file decoded, the mapping of its columns to indicators. */
export const importMeasurementsInput = z
  .object({
    regionId: uuidField(),
    fileName: nameText('Имя файла', 255),
    contentBase64: z
      .string()
      .max(MAX_BASE64, { message: 'Файл больше 12 МБ' })
      .regex(/^[A-Za-z0-9+/\s]*={0,2}\s*$/, { message: 'Содержимое файла должно быть в base64' }),
    sheet: z.string().trim().max(100).nullish(),
    organizationColumn: column().nullish(),
    periodColumn: column().nullish(),
    period: schoolYear().nullish(),
    values: z
      .array(z.object({ indicatorCode: indicatorCode(), column: column() }))
      .max(50)
      .nullish(),
    shares: z
      .array(
        z.object({
          indicatorCode: indicatorCode(),
          countColumn: column(),
          totalColumn: column(),
          complement: z.boolean().nullish(),
        }),
      )
      .max(50)
      .nullish(),
    dryRun: z.boolean().nullish(),
  })
  .refine((i) => (i.values?.length ?? 0) + (i.shares?.length ?? 0) > 0, {
    message: 'Укажите хотя бы один столбец значений (values или shares)',
    path: ['values'],
  })
  .transform((i) => ({
    regionId: i.regionId,
    fileName: i.fileName,
    file: Buffer.from(i.contentBase64, 'base64'),
    sheet: i.sheet ?? undefined,
    organizationColumn: i.organizationColumn ?? undefined,
    periodColumn: i.periodColumn ?? undefined,
    period: i.period ?? undefined,
    values: i.values ?? [],
    shares: (i.shares ?? []).map((s) => ({ ...s, complement: s.complement ?? false })),
    dryRun: i.dryRun ?? false,
  }));
export type ImportMeasurementsRequest = z.infer<typeof importMeasurementsInput>;
