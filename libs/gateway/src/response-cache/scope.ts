import type { Principal } from '@opora/auth';

/**
 * What a cached answer may be shared by: role (which also fixes whether personal data may be
 * read, docs/decisions.md §38), region, municipality and organization. Subgraphs decide what a
 * caller sees from exactly these claims, so two callers with equal scopes get equal answers; the
 * subject and name are left out on purpose (they change no answer, only the audit trail).
 */
export function scopeOf(principal: Principal): string {
  return [
    principal.role,
    principal.regionCode ?? '*',
    principal.municipalityId ?? '*',
    principal.organizationId ?? '*',
  ].join('|');
}
