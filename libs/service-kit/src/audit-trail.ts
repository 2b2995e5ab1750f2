import type { EntityManager } from 'typeorm';

import type { Actor } from './actor';

export interface AuditRecord {
  /** The organization the change concerns: the trail is read per organization. */
  organizationId: string;
  /** What kind of record changed, upper case: ORGANIZATION, ORDER, STATUS, AGREEMENT… */
  entityType: string;
  entityId: string;
  /** What happened: REGISTERED, CORRECTED, ISSUED, ASSIGNED, ENDED, SUPERSEDED, APPOINTED… */
  action: string;
  actor: Actor;
  reason?: string | null;
  changes?: Record<string, unknown>;
}

/**
 * Appends one line to the audit trail, in the caller's transaction: a change and its trace commit
 * together. The trail is only ever appended to; it is queried per organization.
 */
export async function recordAudit(manager: EntityManager, record: AuditRecord): Promise<void> {
  await manager.query(
    `insert into audit_entry (organization_id, entity_type, entity_id, action, actor, actor_role, request_id, reason, changes)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      record.organizationId,
      record.entityType,
      record.entityId,
      record.action,
      record.actor.subject,
      record.actor.role,
      record.actor.requestId ?? null,
      record.reason ?? null,
      JSON.stringify(record.changes ?? {}),
    ],
  );
}
