/**
 * Statements of the outbox relay's periodic sweep and of the idempotent consumers run on their
 * own timers, not for a request: counting them made "statements per request" depend on whether a
 * sweep fell inside the measured window. Requests that read never open a transaction, so
 * transaction control counts as background too. For `onQuery` counters of specs and benchmarks.
 */
export function isBackgroundStatement(sql: string): boolean {
  return /pg_try_advisory|\b(from|update) outbox\b|\binbox\b|^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)\b/i.test(
    sql,
  );
}
