import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail (who changed what, when and why). Every service lists this migration, as it
 * lists MessagingTables: each keeps the trail of its own records. The registry created the same
 * table in its own migration before this one existed (a merged migration is never edited), hence
 * `if not exists` here; see docs/decisions.md §24.
 */
export class AuditTrailTables1764000000010 implements MigrationInterface {
  name = 'AuditTrailTables1764000000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table if not exists audit_entry (
        id bigserial primary key,
        organization_id uuid not null,
        entity_type text not null,
        entity_id uuid not null,
        action text not null,
        actor text not null,
        actor_role text,
        request_id text,
        reason text,
        changes jsonb not null default '{}',
        occurred_at timestamptz not null default now()
      )`);
    await q.query(
      `create index if not exists audit_entry_organization on audit_entry (organization_id, id desc)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table audit_entry`);
  }
}
