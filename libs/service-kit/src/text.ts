import { z } from 'zod';

/**
 * A required name: trimmed, inner white space folded, bounded length (a 10 MB string is
 * rejected here, before anything touches the database).
 */
export const nameText = (what: string, max = 500) =>
  z
    .string({ message: `${what}: ожидается строка` })
    .max(max * 4, { message: `${what}: не длиннее ${max} символов` })
    .transform((value) => value.replace(/\s+/g, ' ').trim())
    .pipe(
      z
        .string()
        .min(1, { message: `${what}: не может быть пустым` })
        .max(max, { message: `${what}: не длиннее ${max} символов` }),
    );

export const optionalText = (what: string, max = 500) =>
  nameText(what, max)
    .nullish()
    .transform((value) => value ?? null);
