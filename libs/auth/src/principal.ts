import { z } from 'zod';

import { AuthError } from './auth-error';
import { roles } from './roles';
import type { Role } from './roles';

/**
 * The authenticated caller, taken from the token's claims. `regionCode` is the two-digit code of
 * the region ("47"); it is null only for PLATFORM_ADMIN, which is bound to no region.
 */
export interface Principal {
  subject: string;
  name?: string;
  role: Role;
  regionCode: string | null;
  municipalityId?: string;
  organizationId?: string;
}

/** Claim names in the JWT (besides the registered `sub`, `iss`, `aud`, `exp`). */
export const claimNames = {
  role: 'role',
  name: 'name',
  region: 'region',
  municipality: 'municipality_id',
  organization: 'organization_id',
} as const;

const uuid = z.uuid({ message: 'ожидается UUID' });
const claimsModel = z.object({
  sub: z.string().min(1, { message: 'нет субъекта (sub)' }),
  [claimNames.name]: z.string().max(300).optional(),
  [claimNames.role]: z.enum(roles, { message: `роль — одна из ${roles.join(', ')}` }),
  [claimNames.region]: z
    .string()
    .regex(/^\d{2}$/, { message: 'код региона — две цифры' })
    .optional(),
  [claimNames.municipality]: uuid.optional(),
  [claimNames.organization]: uuid.optional(),
});

/** Which scope claims each role must carry (and PLATFORM_ADMIN must not). */
const requiredScope: Record<Role, ('region' | 'municipality' | 'organization')[]> = {
  PLATFORM_ADMIN: [],
  REGION_ADMIN: ['region'],
  MUNICIPAL_OPERATOR: ['region', 'municipality'],
  SCHOOL_STAFF: ['region', 'municipality', 'organization'],
  METHODOLOGIST: ['region'],
  ANALYST: ['region'],
};

/** Validates verified JWT claims into a Principal; UNAUTHENTICATED when they do not fit the role. */
export function principalFromClaims(claims: Record<string, unknown>): Principal {
  const parsed = claimsModel.safeParse(claims);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new AuthError('UNAUTHENTICATED', `Токен не подходит: ${problems}`);
  }
  const c = parsed.data;
  const principal: Principal = {
    subject: c.sub,
    role: c.role,
    regionCode: c.region ?? null,
    ...(c.name ? { name: c.name } : {}),
    ...(c.municipality_id ? { municipalityId: c.municipality_id } : {}),
    ...(c.organization_id ? { organizationId: c.organization_id } : {}),
  };
  assertScopeFitsRole(principal);
  return principal;
}

/** Throws UNAUTHENTICATED when the principal's scope claims do not match its role. */
export function assertScopeFitsRole(principal: Principal): void {
  const needs = requiredScope[principal.role];
  const has = {
    region: principal.regionCode !== null,
    municipality: principal.municipalityId !== undefined,
    organization: principal.organizationId !== undefined,
  };
  for (const part of needs)
    if (!has[part])
      throw new AuthError(
        'UNAUTHENTICATED',
        `Токен роли ${principal.role} должен указывать ${scopeWord[part]}`,
      );
  if (principal.role === 'PLATFORM_ADMIN' && has.region)
    throw new AuthError('UNAUTHENTICATED', 'Токен роли PLATFORM_ADMIN не привязывается к региону');
}

const scopeWord = { region: 'регион', municipality: 'муниципалитет', organization: 'организацию' };

/** The JWT claims for a principal (the inverse of principalFromClaims, without registered claims). */
export function claimsOf(principal: Principal): Record<string, string> {
  return {
    [claimNames.role]: principal.role,
    ...(principal.name ? { [claimNames.name]: principal.name } : {}),
    ...(principal.regionCode ? { [claimNames.region]: principal.regionCode } : {}),
    ...(principal.municipalityId ? { [claimNames.municipality]: principal.municipalityId } : {}),
    ...(principal.organizationId ? { [claimNames.organization]: principal.organizationId } : {}),
  };
}
