import { AuthError } from './auth-error';
import type { Principal } from './principal';
import { roleTitles } from './roles';

/**
 * What a principal wants to do with a target:
 * - `read`: see records (organizations, orders, statuses…) other than people's personal data;
 * - `write`: create or change records;
 * - `approve`: agree plans and record monitoring (000 §3.4, §3.5.1: the methodological centre);
 * - `readPersonalData`: see people's names and contacts;
 * - `readAggregates`: see figures summed over organizations (counts, averages), no personal data;
 * - `administer`: platform tasks (create regions, operator work).
 */
export const actions = [
  'read',
  'write',
  'approve',
  'readPersonalData',
  'readAggregates',
  'administer',
] as const;
export type Action = (typeof actions)[number];

/**
 * Where the thing lives. A target without a municipality is the region itself (or something
 * region-wide); one without an organization is the municipality itself.
 */
export interface Target {
  regionCode: string;
  municipalityId?: string;
  organizationId?: string;
}

export type Decision = { allowed: true } | { allowed: false; error: AuthError };

/** How far a principal's role reaches: what it may do within its own scope. */
const grants: Record<Principal['role'], readonly Action[]> = {
  PLATFORM_ADMIN: ['read', 'write', 'readAggregates', 'administer'],
  REGION_ADMIN: ['read', 'write', 'approve', 'readPersonalData', 'readAggregates'],
  MUNICIPAL_OPERATOR: ['read', 'write', 'readPersonalData', 'readAggregates'],
  SCHOOL_STAFF: ['read', 'write', 'readPersonalData', 'readAggregates'],
  METHODOLOGIST: ['read', 'approve', 'readPersonalData', 'readAggregates'],
  ANALYST: ['read', 'readAggregates'],
};

const allow: Decision = { allowed: true };
const deny = (message: string): Decision => ({ allowed: false, error: new AuthError('FORBIDDEN', message) });

/**
 * The one policy of the system, pure: may `principal` do `action` on `target`?
 *
 * Scope: PLATFORM_ADMIN reaches every region; the others only their token's region. Inside it,
 * MUNICIPAL_OPERATOR reaches its municipality (and may read the region record it belongs to and
 * region-wide aggregates); SCHOOL_STAFF reaches its organization (and may read its municipality
 * and region records, and aggregates of its municipality); METHODOLOGIST reaches its municipality
 * when the token names one, else the region; REGION_ADMIN and ANALYST reach the whole region.
 */
export function authorize(principal: Principal, action: Action, target: Target): Decision {
  const title = roleTitles[principal.role];
  if (!grants[principal.role].includes(action))
    return deny(`Роль «${title}» не даёт права: ${actionTitles[action]}`);
  if (principal.role === 'PLATFORM_ADMIN') return allow;
  if (target.regionCode !== principal.regionCode)
    return deny(
      `Нет доступа к данным другого региона (${target.regionCode}): ваш регион ${principal.regionCode}`,
    );

  const targetLevel = target.organizationId
    ? 'organization'
    : target.municipalityId
      ? 'municipality'
      : 'region';
  const sameMunicipality = target.municipalityId === principal.municipalityId;
  const foreignMunicipality = deny('Нет доступа к данным другого муниципалитета');
  switch (principal.role) {
    case 'REGION_ADMIN':
    case 'ANALYST':
      return allow;
    case 'METHODOLOGIST':
      if (principal.municipalityId === undefined) return allow;
      if (targetLevel === 'region')
        return action === 'read' || action === 'readAggregates' ? allow : foreignMunicipality;
      return sameMunicipality ? allow : foreignMunicipality;
    case 'MUNICIPAL_OPERATOR':
      if (targetLevel === 'region')
        return action === 'read' || action === 'readAggregates'
          ? allow
          : deny('Данные уровня региона меняет администратор региона');
      return sameMunicipality ? allow : foreignMunicipality;
    case 'SCHOOL_STAFF':
      if (targetLevel === 'region')
        return action === 'read' ? allow : deny('Данные уровня региона вам доступны только для чтения');
      if (!sameMunicipality) return foreignMunicipality;
      if (targetLevel === 'municipality')
        return action === 'read' || action === 'readAggregates'
          ? allow
          : deny('Данные муниципалитета меняет оператор муниципалитета');
      return target.organizationId === principal.organizationId
        ? allow
        : deny('Нет доступа к данным другой организации');
  }
}

/** authorize, throwing the AuthError FORBIDDEN when denied (for services and resolvers). */
export function assertAuthorized(principal: Principal, action: Action, target: Target): void {
  const decision = authorize(principal, action, target);
  if (!decision.allowed) throw decision.error;
}

/**
 * The widest filter a list query must apply for this principal: rows outside it are never
 * visible. Empty for PLATFORM_ADMIN (every region). Services add it to their WHERE clause, then
 * still call `authorize` for the action (e.g. personal data) on what they return.
 */
export function visibleScope(principal: Principal): Partial<Target> {
  if (principal.role === 'PLATFORM_ADMIN' || principal.regionCode === null) return {};
  switch (principal.role) {
    case 'REGION_ADMIN':
    case 'ANALYST':
      return { regionCode: principal.regionCode };
    case 'METHODOLOGIST':
    case 'MUNICIPAL_OPERATOR':
      return principal.municipalityId
        ? { regionCode: principal.regionCode, municipalityId: principal.municipalityId }
        : { regionCode: principal.regionCode };
    case 'SCHOOL_STAFF':
      return {
        regionCode: principal.regionCode,
        municipalityId: principal.municipalityId,
        organizationId: principal.organizationId,
      };
  }
}

const actionTitles: Record<Action, string> = {
  read: 'чтение',
  write: 'изменение данных',
  approve: 'согласование планов и мониторинг',
  readPersonalData: 'просмотр персональных данных',
  readAggregates: 'просмотр сводных показателей',
  administer: 'администрирование платформы',
};
