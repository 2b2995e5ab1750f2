import type { z } from 'zod';

import { InputError } from './errors';

/**
 * Validates resolver input with a zod schema whose messages are in Russian. The first problem
 * becomes a BAD_USER_INPUT error naming the field (`input.inn`); nothing has been written yet.
 */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  root = 'input',
): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = [root, ...issue.path.map(String)].join('.');
  throw new InputError(issue.message, field);
}
