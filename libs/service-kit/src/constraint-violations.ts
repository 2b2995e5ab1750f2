import { QueryFailedError } from 'typeorm';

/** The name of the constraint a failed statement broke, when PostgreSQL names one. */
export function violatedConstraint(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' || driverError.code === '23P01' ? driverError.constraint : undefined;
}

/**
 * Checks done before a write can lose a race with a concurrent request; the database's unique and
 * exclusion constraints still hold the rule. This maps their violation back to the domain error
 * the check would have thrown, instead of an internal error.
 */
export async function mapConstraintViolations<T>(
  work: () => Promise<T>,
  errors: Record<string, () => Error>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const constraint = violatedConstraint(error);
    const mapped = constraint ? errors[constraint] : undefined;
    throw mapped ? mapped() : error;
  }
}
