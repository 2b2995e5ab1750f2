import type { Principal } from '@opora/auth';

import { cachedTokenVerifier } from '../verified-tokens';

describe('cachedTokenVerifier', () => {
  const principal: Principal = { subject: 'analyst', role: 'ANALYST', regionCode: '47' };
  const tokenExpiringAt = (expSec: number, salt = '') =>
    `Bearer h.${Buffer.from(JSON.stringify({ sub: 'analyst', exp: expSec, salt })).toString('base64url')}.s`;

  const setup = (maxEntries = 10) => {
    let clock = 1_000_000_000_000;
    let verifications = 0;
    const verify = cachedTokenVerifier(
      (authorization) => {
        verifications++;
        if (authorization?.endsWith('.forged')) return Promise.reject(new Error('Подпись токена неверна'));
        return Promise.resolve(principal);
      },
      { maxEntries, maxAgeMs: 600_000, now: () => clock },
    );
    return {
      verify,
      verifications: () => verifications,
      advance: (ms: number) => (clock += ms),
      now: () => clock,
    };
  };

  it('verifies a token once until it expires, then again', async () => {
    const { verify, verifications, advance, now } = setup();
    const token = tokenExpiringAt(Math.floor(now() / 1000) + 60);
    await verify(token);
    await verify(token);
    expect(verifications()).toBe(1);
    advance(61_000);
    await verify(token);
    expect(verifications()).toBe(2);
  });

  it('trusts a long-lived token for at most maxAgeMs', async () => {
    const { verify, verifications, advance, now } = setup();
    const token = tokenExpiringAt(Math.floor(now() / 1000) + 86_400);
    await verify(token);
    advance(600_001);
    await verify(token);
    expect(verifications()).toBe(2);
  });

  it('never remembers a refused token', async () => {
    const { verify, verifications } = setup();
    await expect(verify('Bearer a.b.forged')).rejects.toThrow('Подпись');
    await expect(verify('Bearer a.b.forged')).rejects.toThrow('Подпись');
    expect(verifications()).toBe(2);
  });

  it('holds at most maxEntries tokens, forgetting the oldest', async () => {
    const { verify, verifications, now } = setup(2);
    const exp = Math.floor(now() / 1000) + 60;
    const [a, b, c] = ['a', 'b', 'c'].map((salt) => tokenExpiringAt(exp, salt));
    for (const token of [a, b, c, c, b]) await verify(token);
    expect(verifications()).toBe(3);
    await verify(a);
    expect(verifications()).toBe(4);
  });
});
