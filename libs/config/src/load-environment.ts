import type { z } from 'zod';

export class EnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Неверное окружение:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvironmentError';
  }
}

/**
 * Validates a process environment against a zod object model (one per app, built from the
 * concern models in ./models). Every problem is collected and reported at once, each naming the
 * variable; the result is frozen. Throws EnvironmentError; `loadEnvironmentOrExit` prints and exits 1.
 */
export function parseEnvironment<Shape extends z.ZodRawShape>(
  model: z.ZodObject<Shape>,
  source: Record<string, string | undefined>,
): Readonly<z.infer<z.ZodObject<Shape>>> {
  // Empty strings count as "not set", as in docker-compose files with `VAR=`.
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = model.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(окружение)';
      const given = cleaned[String(issue.path[0])];
      return `${name}: ${issue.message}${given === undefined ? ' (переменная не задана)' : ` (получено «${given}»)`}`;
    });
    throw new EnvironmentError(problems);
  }
  return Object.freeze(result.data);
}

export function loadEnvironmentOrExit<Shape extends z.ZodRawShape>(
  app: string,
  model: z.ZodObject<Shape>,
  source: Record<string, string | undefined>,
): Readonly<z.infer<z.ZodObject<Shape>>> {
  try {
    return parseEnvironment(model, source);
  } catch (error) {
    if (error instanceof EnvironmentError) {
      process.stderr.write(
        `${app}: ${error.message}\nИсправьте переменные (см. apps/${app}/.env.example) и запустите снова.\n`,
      );
      process.exit(1);
    }
    throw error;
  }
}
