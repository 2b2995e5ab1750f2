/**
 * `npm run token -- --role ANALYST --region 47 [--municipality <uuid>] [--organization <uuid>]
 * [--name "Иванова М. П."] [--hours 8]`: prints an access token for development. Signs with the
 * development key pair in .data/keys (created on first use; the services verify with its public
 * half unless AUTH_PUBLIC_KEY_FILE / AUTH_JWKS_URL say otherwise). AUTH_SIGNING_KEY_FILE,
 * AUTH_ISSUER and AUTH_AUDIENCE override key, issuer and audience.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { AuthError, devAudience, devIssuer, ensureDevKeys, readPem, roles, signToken } from '@opora/auth';
import type { Role } from '@opora/auth';
import { workspaceRoot } from '@opora/provision';

const usage = `Использование: npm run token -- --role РОЛЬ [--region 47] [--municipality UUID] [--organization UUID] [--name ФИО] [--hours 8]
Роли: ${roles.join(', ')}`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      region: { type: 'string' },
      municipality: { type: 'string' },
      organization: { type: 'string' },
      name: { type: 'string' },
      subject: { type: 'string' },
      hours: { type: 'string', default: '8' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.role) {
    process.stdout.write(`${usage}\n`);
    process.exit(values.help ? 0 : 2);
  }
  if (!(roles as readonly string[]).includes(values.role))
    throw new Error(`Неизвестная роль ${values.role}.\n${usage}`);
  const hours = Number(values.hours);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30) throw new Error('--hours: от 0 до 720');
  const signingKey =
    process.env.AUTH_SIGNING_KEY_FILE ?? ensureDevKeys(join(workspaceRoot(), '.data/keys')).privateKeyFile;
  const token = await signToken(
    {
      subject: values.subject ?? `dev-${values.role.toLowerCase()}`,
      role: values.role as Role,
      regionCode: values.region ?? null,
      ...(values.name ? { name: values.name } : {}),
      ...(values.municipality ? { municipalityId: values.municipality } : {}),
      ...(values.organization ? { organizationId: values.organization } : {}),
    },
    {
      privateKeyPem: readPem(signingKey),
      issuer: process.env.AUTH_ISSUER ?? devIssuer,
      audience: process.env.AUTH_AUDIENCE ?? devAudience,
      expiresInSec: Math.round(hours * 3600),
    },
  );
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof AuthError ? error.message : (error as Error).message}\n`);
  process.exit(1);
});
