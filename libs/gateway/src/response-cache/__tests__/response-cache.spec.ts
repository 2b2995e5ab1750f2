import { nextRegionalMidnight } from '../regional-midnight';
import { entryOverheadBytes, ResponseCache } from '../response-cache';
import { scopeOf } from '../scope';

describe('ResponseCache', () => {
  const now = Date.UTC(2026, 10, 24, 9, 0);
  const later = now + 3_600_000 * 48;
  const cache = (maxBytes = 1_000_000) => new ResponseCache({ maxBytes, ttlMs: 300_000 });

  it('keeps what the byte budget allows, dropping the least recently used first', () => {
    const c = cache(3 * (2 * (1 + 100) + entryOverheadBytes));
    const answer = 'x'.repeat(100);
    for (const key of ['a', 'b', 'c']) c.set(key, answer, '47', c.epoch('47'), later, now);
    c.get('a', now);
    c.set('d', answer, '47', c.epoch('47'), later, now);
    expect(['a', 'b', 'c', 'd'].map((k) => c.get(k, now) !== undefined)).toEqual([true, false, true, true]);
    expect(c.bytes).toBe(3 * (2 * 101 + entryOverheadBytes));
    expect(c.stats.evicted).toBe(1);
  });

  it("an event of a region removes that region's answers and cross-region ones, not other regions'", () => {
    const c = cache();
    c.set('47', '{}', '47', c.epoch('47'), later, now);
    c.set('78', '{}', '78', c.epoch('78'), later, now);
    c.set('admin', '{}', null, c.epoch(null), later, now);
    expect(c.invalidateRegion('47')).toBe(2);
    expect(['47', '78', 'admin'].map((k) => c.get(k, now) !== undefined)).toEqual([false, true, false]);
  });

  it('does not store an answer computed while an event of its region arrived', () => {
    const c = cache();
    const before = c.epoch('47');
    c.invalidateRegion('47');
    c.set('late', '{"stale":true}', '47', before, later, now);
    c.set('other region', '{}', '78', c.epoch('78'), later, now);
    expect(c.get('late', now)).toBeUndefined();
    expect(c.get('other region', now)).toBe('{}');
  });

  it('forgets answers at their expiry and at the TTL, whichever comes first', () => {
    const c = cache();
    c.set('midnight', '{}', '47', c.epoch('47'), now + 1000, now);
    c.set('ttl', '{}', '47', c.epoch('47'), later, now);
    expect(c.get('midnight', now + 1000)).toBeUndefined();
    expect(c.get('ttl', now + 299_999)).toBe('{}');
    expect(c.get('ttl', now + 300_000)).toBeUndefined();
    expect(c.bytes).toBe(0);
  });
});

describe('nextRegionalMidnight', () => {
  it("is the first midnight of any Russian region: Kamchatka's (UTC+12) at 12:00 UTC", () => {
    expect(new Date(nextRegionalMidnight(Date.UTC(2026, 10, 24, 9, 30))).toISOString()).toBe(
      '2026-11-24T12:00:00.000Z',
    );
  });

  it("is Kaliningrad's (UTC+2) at 22:00 UTC when later zones have passed theirs", () => {
    expect(new Date(nextRegionalMidnight(Date.UTC(2026, 10, 24, 21, 10))).toISOString()).toBe(
      '2026-11-24T22:00:00.000Z',
    );
  });
});

describe('scopeOf', () => {
  it('separates roles, regions, municipalities and organizations, and ignores the subject', () => {
    const analyst = { subject: 'a', role: 'ANALYST', regionCode: '47' } as const;
    expect(scopeOf(analyst)).toBe(scopeOf({ ...analyst, subject: 'b', name: 'Другой аналитик' }));
    expect(scopeOf(analyst)).not.toBe(scopeOf({ ...analyst, regionCode: '78' }));
    expect(scopeOf(analyst)).not.toBe(scopeOf({ ...analyst, role: 'REGION_ADMIN' }));
    const operator = { subject: 'o', role: 'MUNICIPAL_OPERATOR', regionCode: '47' } as const;
    expect(scopeOf({ ...operator, municipalityId: 'm1' })).not.toBe(
      scopeOf({ ...operator, municipalityId: 'm2' }),
    );
  });
});
