interface Held<V> {
  value: V;
  /** ms since epoch; Infinity without a ttl. */
  expiresAt: number;
}

/**
 * (Apollo's KeyValueCache, structurally: get, set with an optional ttl in seconds, delete.)
 *
 * A least-recently-used cache bounded by its number of entries, for Apollo's stores of parsed
 * documents, query plans and persisted queries (docs/decisions.md §74). Apollo's default
 * (`InMemoryLRUCache`, 30 MiB) sizes each entry by `JSON.stringify` of the value on every store —
 * CPU on every new operation shape — and that string's length is a fraction of what the parsed
 * document or plan holds on the heap, so "30 MiB" held several times as much. The bench
 * `npm run bench:gateway:memory` measures the real cost of an entry; the bound is a count.
 */
export class EntryBoundedCache<V> {
  private readonly entries = new Map<string, Held<V>>();

  constructor(
    readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): Promise<V | undefined> {
    const held = this.entries.get(key);
    if (!held) return Promise.resolve(undefined);
    this.entries.delete(key);
    if (held.expiresAt <= this.now()) return Promise.resolve(undefined);
    this.entries.set(key, held);
    return Promise.resolve(held.value);
  }

  set(key: string, value: V, options?: { ttl?: number | null }): Promise<void> {
    if (this.maxEntries <= 0) return Promise.resolve();
    this.entries.delete(key);
    const ttl = options?.ttl;
    this.entries.set(key, { value, expiresAt: ttl ? this.now() + ttl * 1000 : Infinity });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return Promise.resolve();
  }

  delete(key: string): Promise<boolean> {
    return Promise.resolve(this.entries.delete(key));
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
