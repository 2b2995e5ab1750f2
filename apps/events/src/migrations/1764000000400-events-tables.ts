import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The events service's own tables (docs/decisions.md §58–65). Regions, municipalities and
 * organizations come from the registry projection's tables, plan items from the agreements'
 * events (plan_item_ref): none of them has a foreign key here, since they arrive by Kafka.
 */
export class EventsTables1764000000400 implements MigrationInterface {
  name = 'EventsTables1764000000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table plan_item_ref (
        id uuid primary key,
        plan_id uuid not null,
        plan_version int not null,
        agreement_id uuid,
        organization_id uuid not null,
        municipality_id uuid not null,
        activity_kind text not null,
        topic text not null,
        planned_on date not null,
        state text not null check (state in ('AGREED', 'CANCELLED', 'WITHDRAWN'))
      )`);
    await q.query(`create index plan_item_ref_plan on plan_item_ref (plan_id)`);
    await q.query(`create index plan_item_ref_agreement on plan_item_ref (agreement_id)`);
    await q.query(`
      create table event (
        id uuid primary key,
        kind text not null,
        format text not null check (format in ('REMOTE', 'IN_PERSON', 'MIXED')),
        title text not null,
        subject text,
        audience text,
        organizer_organization_id uuid not null,
        region_id uuid not null,
        municipality_id uuid not null,
        plan_item_id uuid,
        agreement_id uuid,
        starts_at timestamptz not null,
        ends_at timestamptz not null,
        place text,
        link text,
        capacity int check (capacity is null or capacity > 0),
        registered_count int not null default 0,
        state text not null check (state in ('PLANNED', 'HELD', 'CANCELLED')),
        cancel_reason text,
        sequence int not null default 0,
        created_by text not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint event_period check (ends_at > starts_at),
        constraint event_remote_link check (format = 'IN_PERSON' or link is not null),
        constraint event_capacity_holds check (capacity is null or registered_count <= capacity)
      )`);
    // The calendar reads by place and period: the region's or municipality's events of a month.
    await q.query(`create index event_region_starts on event (region_id, starts_at)`);
    await q.query(`create index event_municipality_starts on event (municipality_id, starts_at)`);
    await q.query(`create index event_organizer_starts on event (organizer_organization_id, starts_at)`);
    await q.query(`create index event_plan_item on event (plan_item_id) where plan_item_id is not null`);
    await q.query(`create index event_agreement on event (agreement_id) where agreement_id is not null`);
    await q.query(`
      create table registration (
        id uuid primary key,
        event_id uuid not null references event (id),
        person_name text not null,
        person_key text not null,
        organization_id uuid not null,
        position text,
        participant_subject text,
        source text not null check (source in ('REGISTERED', 'ORGANIZER_LIST')),
        attended boolean,
        hours numeric(6, 2) check (hours is null or hours >= 0),
        registered_at timestamptz not null default now(),
        created_by text not null
      )`);
    await q.query(`create unique index registration_person on registration (event_id, organization_id, person_key)`);
    await q.query(
      `create unique index registration_subject on registration (event_id, participant_subject) where participant_subject is not null`,
    );
    await q.query(`create index registration_organization on registration (organization_id, event_id)`);
    await q.query(`create index registration_participant on registration (participant_subject) where participant_subject is not null`);
    await q.query(`
      create table feedback (
        id uuid primary key,
        event_id uuid not null references event (id),
        registration_id uuid not null references registration (id),
        author_subject text not null,
        rating int not null check (rating between 1 and 5),
        comment text,
        given_at timestamptz not null default now()
      )`);
    await q.query(`create unique index feedback_once on feedback (event_id, author_subject)`);
    await q.query(`
      create table material (
        id uuid primary key,
        title text not null,
        kind text not null,
        authors text[] not null,
        link text,
        file_name text,
        file_size bigint,
        media_type text,
        published_on date not null,
        event_id uuid references event (id),
        plan_item_id uuid,
        organization_id uuid not null,
        region_id uuid not null,
        municipality_id uuid not null,
        created_by text not null,
        created_at timestamptz not null default now(),
        constraint material_content check (link is not null or file_name is not null)
      )`);
    await q.query(`create index material_organization on material (organization_id, published_on)`);
    await q.query(`create index material_event on material (event_id) where event_id is not null`);
    await q.query(`
      create table calendar_feed (
        id uuid primary key,
        secret_hash text not null unique,
        owner_subject text not null,
        owner jsonb not null,
        scope text not null check (scope in ('REGION', 'MUNICIPALITY', 'ORGANIZATION', 'MY_REGISTRATIONS')),
        region_id uuid not null,
        municipality_id uuid,
        organization_id uuid,
        created_at timestamptz not null default now(),
        revoked_at timestamptz
      )`);
    await q.query(`create index calendar_feed_owner on calendar_feed (owner_subject)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['calendar_feed', 'material', 'feedback', 'registration', 'event', 'plan_item_ref'])
      await q.query(`drop table ${table}`);
  }
}
