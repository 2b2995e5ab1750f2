import { parse } from 'graphql';

import { EntryBoundedCache } from '../entry-bounded-cache';

describe('EntryBoundedCache (Apollo stores bounded by entry count, decisions §74)', () => {
  it('keeps at most maxEntries, forgetting the least recently used first', async () => {
    const cache = new EntryBoundedCache<string>(3);
    for (const key of ['a', 'b', 'c']) await cache.set(key, key.toUpperCase());
    expect(await cache.get('a')).toBe('A'); // a is now the most recent
    await cache.set('d', 'D');
    expect(cache.size).toBe(3);
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('a')).toBe('A');
    expect(await cache.get('c')).toBe('C');
    expect(await cache.get('d')).toBe('D');
  });

  it('holds any number of large documents as entries, without sizing them by JSON', async () => {
    const cache = new EntryBoundedCache<ReturnType<typeof parse>>(2000);
    for (let i = 0; i < 5000; i++) await cache.set(`q${i}`, parse(`query Q${i} { a${i}: regions { id name } }`));
    expect(cache.size).toBe(2000);
    expect(await cache.get('q4999')).toBeDefined();
    expect(await cache.get('q2999')).toBeUndefined();
  });

  it('honours a ttl in seconds (persisted queries) and forgets the expired entry', async () => {
    let clock = 1_000;
    const cache = new EntryBoundedCache<string>(10, () => clock);
    await cache.set('apq', 'query { regions { id } }', { ttl: 60 });
    await cache.set('plain', 'x');
    clock += 59_000;
    expect(await cache.get('apq')).toBe('query { regions { id } }');
    clock += 2_000;
    expect(await cache.get('apq')).toBeUndefined();
    expect(cache.size).toBe(1);
    expect(await cache.get('plain')).toBe('x');
  });

  it('stores nothing when its size is 0 (the store turned off)', async () => {
    const cache = new EntryBoundedCache<string>(0);
    await cache.set('a', 'A');
    expect(await cache.get('a')).toBeUndefined();
    expect(await cache.delete('a')).toBe(false);
  });
});
