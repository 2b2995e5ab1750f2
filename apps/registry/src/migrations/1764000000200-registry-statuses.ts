import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Orders, programmes, people, status assignments with their lifecycle, agreement bindings and the
 * audit trail. Rules that the database can hold by itself are held here too (periods, overlap of
 * one status kind, one correction per record), so a race between two requests cannot break them.
 */
export class RegistryStatuses1764000000200 implements MigrationInterface {
  name = 'RegistryStatuses1764000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create extension if not exists btree_gist`);
    await q.query(`create extension if not exists pg_trgm`);

    await q.query(`alter table region add column time_zone text not null default 'Europe/Moscow'`);

    await q.query(`
      alter table organization
        add column authority_level text check (authority_level in ('REGIONAL', 'MUNICIPAL')),
        add column search_key text not null default '',
        add column updated_at timestamptz not null default now()`);
    // Rows registered before this migration: authorities were municipal ones; search keys are
    // filled the way searchKey() computes them (lower case, «ё» as «е», punctuation as spaces).
    await q.query(`update organization set authority_level = 'MUNICIPAL' where kind = 'EDUCATION_AUTHORITY'`);
    await q.query(`
      update organization set search_key = btrim(regexp_replace(
        replace(lower(concat_ws(' ', full_name, short_name, inn, ogrn)), 'ё', 'е'), '[^[:alnum:]]+', ' ', 'g'))`);
    await q.query(`
      alter table organization add constraint organization_authority_level
        check ((kind = 'EDUCATION_AUTHORITY') = (authority_level is not null))`);
    await q.query(`create index organization_search on organization using gin (search_key gin_trgm_ops)`);
    await q.query(`create index organization_municipality_kind on organization (municipality_id, kind)`);

    await q.query(`
      create table administrative_order (
        id uuid primary key,
        region_id uuid not null references region (id),
        municipality_id uuid not null references municipality (id),
        issuer_id uuid not null references organization (id),
        kind text not null check (kind in ('ORDER', 'DIRECTIVE')),
        number text not null,
        issued_on date not null,
        signatory text,
        title text not null,
        annex_title text,
        annex_text text,
        created_at timestamptz not null default now(),
        created_by text not null
      )`);
    await q.query(
      `create unique index administrative_order_number on administrative_order (issuer_id, number, issued_on)`,
    );
    await q.query(
      `create index administrative_order_region on administrative_order (region_id, issued_on desc)`,
    );

    await q.query(`
      create table programme (
        id uuid primary key,
        region_id uuid not null references region (id),
        municipality_id uuid not null references municipality (id),
        owner_id uuid not null references organization (id),
        approving_order_id uuid references administrative_order (id),
        name text not null,
        starts_on date not null,
        ends_on date not null,
        state text not null default 'ACTIVE' check (state in ('ACTIVE', 'ENDED')),
        ended_on date,
        ending_order_id uuid references administrative_order (id),
        created_at timestamptz not null default now(),
        created_by text not null,
        check (ends_on >= starts_on),
        check ((state = 'ENDED') = (ended_on is not null))
      )`);
    await q.query(`create index programme_region on programme (region_id)`);
    await q.query(`create index programme_due on programme (ends_on) where state = 'ACTIVE'`);

    await q.query(`
      create table person (
        id uuid primary key,
        organization_id uuid not null references organization (id),
        full_name text not null,
        position text,
        email text,
        phone text,
        created_at timestamptz not null default now(),
        created_by text not null
      )`);
    await q.query(`create index person_organization on person (organization_id)`);

    await q.query(`
      create table status_assignment (
        id uuid primary key,
        organization_id uuid not null references organization (id),
        region_id uuid not null references region (id),
        municipality_id uuid not null references municipality (id),
        kind text not null check (kind in ('LEADER_SCHOOL', 'TRAINING_SITE', 'REGIONAL_INNOVATION_SITE', 'LOW_RESULTS', 'UNFAVOURABLE_CONDITIONS')),
        theme text not null,
        grounds text[] not null default '{}',
        programme_id uuid references programme (id),
        assigning_order_id uuid not null references administrative_order (id),
        valid_from date not null,
        valid_to date,
        head_person_id uuid references person (id),
        methodological_centre_id uuid references organization (id),
        state text not null default 'ACTIVE' check (state in ('ACTIVE', 'ENDED', 'SUPERSEDED')),
        end_reason text check (end_reason in ('PROGRAMME_ENDED', 'AGREEMENT_ENDED', 'PLAN_FULFILLED_EARLY', 'UNFORESEEN_CIRCUMSTANCES', 'PERIOD_EXPIRED')),
        ending_order_id uuid references administrative_order (id),
        ended_on date,
        supersedes_id uuid unique references status_assignment (id),
        correction_reason text,
        created_at timestamptz not null default now(),
        created_by text not null,
        held daterange generated always as (
          daterange(valid_from, least(coalesce(valid_to + 1, 'infinity'::date), coalesce(ended_on, 'infinity'::date)), '[)')
        ) stored,
        check (valid_to is null or valid_to >= valid_from),
        check ((end_reason is null) = (ended_on is null)),
        check (state <> 'ENDED' or end_reason is not null),
        check (end_reason not in ('PLAN_FULFILLED_EARLY', 'UNFORESEEN_CIRCUMSTANCES') or ending_order_id is not null),
        constraint status_assignment_no_overlap exclude using gist (
          organization_id with =, kind with =, held with &&
        ) where (state <> 'SUPERSEDED')
      )`);
    await q.query(`create index status_assignment_organization on status_assignment (organization_id)`);
    await q.query(
      `create index status_assignment_held on status_assignment using gist (municipality_id, kind, held) where state <> 'SUPERSEDED'`,
    );
    await q.query(
      `create index status_assignment_region_held on status_assignment using gist (region_id, kind, held) where state <> 'SUPERSEDED'`,
    );
    await q.query(`create index status_assignment_programme on status_assignment (programme_id)`);
    await q.query(`create index status_assignment_order on status_assignment (assigning_order_id)`);
    await q.query(
      `create index status_assignment_due on status_assignment (valid_to) where state = 'ACTIVE'`,
    );

    await q.query(`
      create table agreement_binding (
        agreement_id uuid primary key,
        leader_organization_id uuid not null,
        status_assignment_id uuid references status_assignment (id),
        valid_from date,
        ended_on date,
        updated_at timestamptz not null default now()
      )`);
    await q.query(`create index agreement_binding_status on agreement_binding (status_assignment_id)`);

    await q.query(`
      create table audit_entry (
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
    await q.query(`create index audit_entry_organization on audit_entry (organization_id, id desc)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'audit_entry',
      'agreement_binding',
      'status_assignment',
      'person',
      'programme',
      'administrative_order',
    ])
      await q.query(`drop table ${table}`);
    await q.query(`drop index organization_search`);
    await q.query(`drop index organization_municipality_kind`);
    await q.query(
      `alter table organization drop constraint organization_authority_level, drop column authority_level, drop column search_key, drop column updated_at`,
    );
    await q.query(`alter table region drop column time_zone`);
  }
}
