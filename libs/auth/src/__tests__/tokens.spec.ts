import { createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { exportJWK, SignJWT } from 'jose';

import { ensureDevKeys, readPem } from '../dev-keys';
import type { Principal } from '../principal';
import { principalFromClaims } from '../principal';
import { signToken } from '../sign-token';
import { createTokenVerifier } from '../verify-token';

describe('tokens: signing and verification with jose', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opora-auth-'));
  const keys = ensureDevKeys(join(dir, 'keys'));
  const options = { issuer: 'opora-test', audience: 'opora-api' };
  const verify = createTokenVerifier({ ...options, publicKeyFile: keys.publicKeyFile });
  const sign = (principal: Principal, over: Partial<Parameters<typeof signToken>[1]> = {}) =>
    signToken(principal, { ...options, privateKeyPem: readPem(keys.privateKeyFile), ...over });
  const operator: Principal = {
    subject: 'ivanova',
    name: 'Иванова Мария Петровна',
    role: 'MUNICIPAL_OPERATOR',
    regionCode: '47',
    municipalityId: randomUUID(),
  };

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the key pair of the first start', () => {
    const before = readPem(keys.publicKeyFile);
    ensureDevKeys(join(dir, 'keys'));
    expect(readPem(keys.publicKeyFile)).toBe(before);
  });

  it('round-trips a principal (ES256)', async () => {
    await expect(verify(`Bearer ${await sign(operator)}`)).resolves.toEqual(operator);
  });

  it('accepts RS256 keys too', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const file = join(dir, 'rsa.pem');
    writeFileSync(file, publicKey.export({ type: 'spki', format: 'pem' }));
    const rsaVerify = createTokenVerifier({ ...options, publicKeyFile: file });
    const token = await sign(operator, {
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    });
    await expect(rsaVerify(`Bearer ${token}`)).resolves.toMatchObject({ role: 'MUNICIPAL_OPERATOR' });
  });

  it('verifies with the keys of a JWKS endpoint (an identity provider on loopback)', async () => {
    const jwk = {
      ...(await exportJWK(createPublicKey(readPem(keys.publicKeyFile)))),
      alg: 'ES256',
      use: 'sig',
    };
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const jwksVerify = createTokenVerifier({ ...options, jwksUrl: `http://127.0.0.1:${port}/jwks.json` });
      await expect(jwksVerify(`Bearer ${await sign(operator)}`)).resolves.toEqual(operator);
      const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const forged = await sign(operator, {
        privateKeyPem: other.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      });
      await expect(jwksVerify(`Bearer ${forged}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    } finally {
      server.close();
    }
  });

  it.each([
    ['no header', async () => undefined, /Нужен токен/],
    ['not a bearer JWT', async () => 'Basic dXNlcjpwYXNz', /Bearer <JWT>/],
    [
      'an expired token (beyond the 5 s tolerance)',
      async () =>
        `Bearer ${await sign(operator, { issuedAt: Math.floor(Date.now() / 1000) - 3600, expiresInSec: 60 })}`,
      /Срок действия токена истёк/,
    ],
    [
      'a token signed by another key',
      async () => {
        const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        return `Bearer ${await sign(operator, { privateKeyPem: other.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string })}`;
      },
      /Подпись токена неверна/,
    ],
    ['another issuer', async () => `Bearer ${await sign(operator, { issuer: 'someone-else' })}`, /издателем/],
    [
      'another audience',
      async () => `Bearer ${await sign(operator, { audience: 'other-api' })}`,
      /не для этого API/,
    ],
    [
      'an unsigned token (alg none)',
      async () => {
        const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
        return `Bearer ${b64({ alg: 'none' })}.${b64({ sub: 'x', role: 'REGION_ADMIN', region: '47', iss: options.issuer, aud: options.audience, exp: 9e9 })}.c2ln`;
      },
      /Алгоритм|Токен не читается/,
    ],
    [
      'claims that do not fit the role (operator without a municipality)',
      async () => {
        const key = (await import('node:crypto')).createPrivateKey(readPem(keys.privateKeyFile));
        const token = await new SignJWT({ role: 'MUNICIPAL_OPERATOR', region: '47' })
          .setProtectedHeader({ alg: 'ES256' })
          .setSubject('x')
          .setIssuer(options.issuer)
          .setAudience(options.audience)
          .setExpirationTime('1h')
          .sign(key);
        return `Bearer ${token}`;
      },
      /муниципалитет/,
    ],
  ])('rejects %s with UNAUTHENTICATED and a Russian reason', async (_what, header, message) => {
    await expect(verify(await header())).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringMatching(message),
    });
  });

  it('refuses a PLATFORM_ADMIN bound to a region, and a role it does not know', () => {
    expect(() => principalFromClaims({ sub: 'x', role: 'PLATFORM_ADMIN', region: '47' })).toThrow(
      /PLATFORM_ADMIN/,
    );
    expect(() => principalFromClaims({ sub: 'x', role: 'ROOT', region: '47' })).toThrow(/роль/);
  });

  it('fails at construction when the key file is missing', () => {
    expect(() => createTokenVerifier({ ...options, publicKeyFile: join(dir, 'nope.pem') })).toThrow(
      /не читается/,
    );
  });
});
