/**
 * Identical work in flight at the same moment is done once: a caller arriving while the same key
 * is being worked on waits for that result instead of starting its own. Each later caller receives
 * its own copy, because the gateway merges subgraph answers into its result objects in place; the
 * copies are made before any caller resumes (the first caller's `then` is queued ahead of them and
 * its continuation behind them), so no copy sees another caller's changes. Nothing is kept once
 * the work settles: this is not a cache.
 */
export class InFlightMerge<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  constructor(
    private readonly copy: (value: T) => T,
    private readonly onMerged: () => void = () => undefined,
  ) {}

  run(key: string, work: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key);
    if (running) {
      this.onMerged();
      return running.then(this.copy);
    }
    const started = work().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started.then((value) => value);
  }

  get size(): number {
    return this.inFlight.size;
  }
}
