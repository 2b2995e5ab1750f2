/** One cached answer: the serialized result and what it may be invalidated by. */
interface Entry {
  json: string;
  /** Region of the caller's scope; null for PLATFORM_ADMIN, whose answers span regions. */
  regionCode: string | null;
  expiresAt: number;
  bytes: number;
}

export interface ResponseCacheOptions {
  /** Budget for what the entries hold (serialized answers and keys, 2 bytes per character). */
  maxBytes: number;
  /** Longest an answer is kept even without an event (backstop for a lost event). */
  ttlMs: number;
}

export interface ResponseCacheStats {
  hits: number;
  misses: number;
  invalidated: number;
  evicted: number;
}

/**
 * Fixed cost of one entry beyond its strings, bytes: the Map slot, the record, the strings' headers
 * (measured by tools/bench/gateway-entry-cost.ts: 10,000 answers held 2.6 MiB more than 2 bytes
 * per character, ≈ 270 per entry over the former 160; docs/decisions.md §74).
 */
export const entryOverheadBytes = 430;

/**
 * Whole answers to queries, by key (scope, operation, variables), least recently used dropped
 * first within a byte budget. Invalidation is by region: a domain event of region R removes every
 * answer cached for a scope in R and every cross-region (PLATFORM_ADMIN) answer; `invalidateAll`
 * removes everything. An answer computed while an invalidation happened is not stored
 * (`epoch` before and after), so a read that raced a write never outlives the write's event.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private readonly regionEpochs = new Map<string, number>();
  private allEpoch = 0;
  private anyEpoch = 0;
  private heldBytes = 0;
  readonly stats: ResponseCacheStats = { hits: 0, misses: 0, invalidated: 0, evicted: 0 };

  constructor(private readonly options: ResponseCacheOptions) {}

  get bytes(): number {
    return this.heldBytes;
  }

  get size(): number {
    return this.entries.size;
  }

  /** A token of the invalidations that concern `regionCode` so far; compare before storing. */
  epoch(regionCode: string | null): string {
    const own = regionCode === null ? this.anyEpoch : (this.regionEpochs.get(regionCode) ?? 0);
    return `${this.allEpoch}/${own}`;
  }

  get(key: string, now: number): string | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.expiresAt <= now) {
      if (entry) this.remove(key, entry);
      this.stats.misses++;
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.stats.hits++;
    return entry.json;
  }

  set(
    key: string,
    json: string,
    regionCode: string | null,
    epoch: string,
    expiresAt: number,
    now: number,
  ): void {
    if (epoch !== this.epoch(regionCode)) return;
    const bytes = 2 * (key.length + json.length) + entryOverheadBytes;
    if (bytes > this.options.maxBytes) return;
    const old = this.entries.get(key);
    if (old) this.remove(key, old);
    this.entries.set(key, {
      json,
      regionCode,
      bytes,
      expiresAt: Math.min(expiresAt, now + this.options.ttlMs),
    });
    this.heldBytes += bytes;
    for (const [oldestKey, oldest] of this.entries) {
      if (this.heldBytes <= this.options.maxBytes) break;
      this.remove(oldestKey, oldest);
      this.stats.evicted++;
    }
  }

  /** An event of `regionCode` happened: its region's and the cross-region answers are stale. */
  invalidateRegion(regionCode: string): number {
    this.regionEpochs.set(regionCode, (this.regionEpochs.get(regionCode) ?? 0) + 1);
    this.anyEpoch++;
    let removed = 0;
    for (const [key, entry] of this.entries)
      if (entry.regionCode === regionCode || entry.regionCode === null) {
        this.remove(key, entry);
        removed++;
      }
    this.stats.invalidated += removed;
    return removed;
  }

  invalidateAll(): number {
    this.allEpoch++;
    const removed = this.entries.size;
    this.entries.clear();
    this.heldBytes = 0;
    this.stats.invalidated += removed;
    return removed;
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.heldBytes -= entry.bytes;
  }
}
