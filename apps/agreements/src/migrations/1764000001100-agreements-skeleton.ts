import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Agreements, plans with their versions and items, mentorships, events that fulfilled items. */
export class AgreementsSkeleton1764000001100 implements MigrationInterface {
  name = 'AgreementsSkeleton1764000001100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table partnership_agreement (
        id uuid primary key,
        number text not null,
        signed_on date not null,
        valid_from date not null,
        valid_to date not null,
        leader_organization_id uuid not null,
        partner_organization_ids uuid[] not null check (cardinality(partner_organization_ids) > 0),
        municipality_id uuid not null,
        region_id uuid not null,
        region_code text not null,
        directions text[] not null,
        subjects text[] not null,
        goals text,
        leader_responsible text,
        partner_responsible text,
        state text not null check (state in ('DRAFT', 'CONCLUDED', 'COMPLETED', 'TERMINATED')),
        concluded_at timestamptz,
        ended_on date,
        end_reason text,
        ended_by text,
        created_by text not null,
        created_at timestamptz not null default now(),
        check (valid_from <= valid_to),
        check (not (leader_organization_id = any (partner_organization_ids)))
      )`);
    await q.query(
      `create index partnership_agreement_leader on partnership_agreement (leader_organization_id)`,
    );
    await q.query(
      `create index partnership_agreement_partners on partnership_agreement using gin (partner_organization_ids)`,
    );
    await q.query(
      `create index partnership_agreement_municipality on partnership_agreement (municipality_id, valid_from)`,
    );
    await q.query(
      `create index partnership_agreement_region on partnership_agreement (region_code, valid_from)`,
    );

    await q.query(`
      create table activity_plan (
        id uuid primary key,
        title text not null,
        owner_kind text not null check (owner_kind in ('TRAINING_SITE_STATUS', 'AGREEMENT')),
        owner_id uuid not null,
        organization_id uuid not null,
        municipality_id uuid not null,
        region_id uuid not null,
        region_code text not null,
        period_from date not null,
        period_to date not null,
        version int not null check (version >= 1),
        state text not null check (state in ('DRAFT', 'SUBMITTED', 'RETURNED', 'AGREED')),
        agreed_version int,
        created_by text not null,
        created_at timestamptz not null default now(),
        check (period_from <= period_to)
      )`);
    await q.query(`create index activity_plan_organization on activity_plan (organization_id)`);
    await q.query(`create index activity_plan_owner on activity_plan (owner_id)`);
    await q.query(`create index activity_plan_municipality on activity_plan (municipality_id)`);

    await q.query(`
      create table plan_version (
        id uuid primary key,
        plan_id uuid not null references activity_plan (id),
        version int not null,
        state text not null check (state in ('SUBMITTED', 'RETURNED', 'AGREED')),
        items jsonb not null,
        submitted_at timestamptz not null,
        submitted_by text not null,
        decided_at timestamptz,
        decided_by text,
        decided_by_organization_id uuid,
        comments text,
        unique (plan_id, version)
      )`);

    await q.query(`
      create table plan_item (
        id uuid primary key,
        plan_id uuid not null references activity_plan (id),
        activity_kind text not null,
        topic text not null,
        subject text,
        audience text,
        planned_on date not null,
        planned_month_only boolean not null,
        frequency text,
        duration_hours numeric check (duration_hours >= 0),
        responsible text,
        state text not null check (state in ('PLANNED', 'DONE', 'CANCELLED')),
        fulfilled_by text check (fulfilled_by in ('EVENT', 'MANUAL')),
        event_id uuid,
        done_on date,
        cancel_reason text
      )`);
    await q.query(`create index plan_item_plan on plan_item (plan_id, planned_on)`);

    await q.query(`
      create table fulfilling_event (
        event_id uuid primary key,
        plan_item_id uuid not null,
        state text not null check (state in ('HELD', 'CANCELLED'))
      )`);

    await q.query(`
      create table mentorship (
        id uuid primary key,
        agreement_id uuid references partnership_agreement (id),
        tutor_organization_id uuid not null,
        tutor_name text not null,
        mentee_organization_id uuid not null,
        mentee_name text not null,
        subject text,
        goals text,
        valid_from date not null,
        valid_to date,
        state text not null check (state in ('ACTIVE', 'ENDED')),
        ended_on date,
        municipality_id uuid not null,
        region_code text not null,
        created_by text not null,
        created_at timestamptz not null default now()
      )`);
    await q.query(`create index mentorship_tutor on mentorship (tutor_organization_id)`);
    await q.query(`create index mentorship_mentee on mentorship (mentee_organization_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'mentorship',
      'fulfilling_event',
      'plan_item',
      'plan_version',
      'activity_plan',
      'partnership_agreement',
    ])
      await q.query(`drop table ${table}`);
  }
}
