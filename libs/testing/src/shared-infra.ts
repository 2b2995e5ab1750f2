/** Handles kept between globalSetup and globalTeardown (they run in the same process). */
interface Shared {
  stopPostgres?: () => Promise<void>;
  stopKafka?: () => Promise<void>;
}

const key = Symbol.for('opora.testing.shared');
type WithShared = typeof globalThis & { [key]?: Shared };

export function setShared(shared: Shared): void {
  (globalThis as WithShared)[key] = shared;
}

export function getShared(): Shared {
  return (globalThis as WithShared)[key] ?? {};
}
