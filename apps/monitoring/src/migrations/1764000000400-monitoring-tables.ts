import type { MigrationInterface, QueryRunner } from 'typeorm';

import { indicatorCatalogue } from '../modules/indicator/indicator.catalogue';

/**
 * The monitoring service's own tables: the indicator catalogue and the measurements (entered or
 * imported here), and the activity projection built only from the agreements' and events'
 * topics (docs/decisions.md §66–67). The registry projection has its own migration (§27).
 * No foreign keys into projections: their events arrive in any order across partitions.
 */
export class MonitoringTables1764000000400 implements MigrationInterface {
  name = 'MonitoringTables1764000000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table indicator (
        code text primary key check (code ~ '^[A-Z][A-Z0-9_]{1,63}$'),
        name text not null,
        exam text not null check (exam in ('EGE', 'OGE', 'VPR', 'PROCESS')),
        subject text,
        measure text not null check (measure in
          ('PARTICIPANTS', 'AVERAGE_SCORE', 'SHARE_BELOW_THRESHOLD', 'SHARE_HIGH', 'COUNT', 'SHARE', 'HOURS')),
        unit text not null,
        min_value numeric not null,
        max_value numeric not null check (max_value > min_value),
        higher_is_better boolean not null,
        computed boolean not null default false,
        description text not null
      )`);
    await q.query(`
      create table measurement (
        id uuid primary key default gen_random_uuid(),
        organization_id uuid not null,
        indicator_code text not null references indicator (code),
        period text not null check (period ~ '^[0-9]{4}-[0-9]{4}$'),
        value numeric(14, 4) not null,
        source text not null check (source in ('MUTATION', 'IMPORT')),
        recorded_at timestamptz not null default now(),
        recorded_by text not null,
        constraint measurement_once_per_period unique (organization_id, indicator_code, period)
      )`);
    await q.query(`create index measurement_indicator_period on measurement (indicator_code, period)`);

    // The activity projection (agreements and events topics).
    await q.query(`
      create table act_agreement (
        id uuid primary key,
        leader_organization_id uuid not null,
        partner_organization_ids uuid[] not null,
        municipality_id uuid not null,
        valid_from date not null,
        valid_to date,
        ended_on date,
        outcome text not null check (outcome in ('ACTIVE', 'COMPLETED', 'TERMINATED', 'ENDED'))
      )`);
    await q.query(`
      create table act_plan_item (
        id uuid primary key,
        plan_id uuid not null,
        organization_id uuid not null,
        municipality_id uuid not null,
        activity_kind text not null,
        planned_on date,
        state text not null check (state in ('PLANNED', 'DONE', 'CANCELLED')),
        done_on date
      )`);
    await q.query(`create index act_plan_item_organization on act_plan_item (organization_id)`);
    await q.query(`create index act_plan_item_plan on act_plan_item (plan_id)`);
    await q.query(`
      create table act_event (
        id uuid primary key,
        kind text not null,
        format text not null,
        organizer_organization_id uuid not null,
        municipality_id uuid not null,
        agreement_id uuid,
        starts_on date not null,
        state text not null check (state in ('PLANNED', 'HELD', 'CANCELLED')),
        participants integer not null default 0,
        attended integer not null default 0,
        hours numeric(10, 2) not null default 0
      )`);
    await q.query(`create index act_event_organizer on act_event (organizer_organization_id)`);
    await q.query(`create index act_event_municipality on act_event (municipality_id)`);
    await q.query(`
      create table act_attendance (
        event_id uuid not null,
        organization_id uuid not null,
        kind text not null,
        held_on date not null,
        attended integer not null,
        hours numeric(10, 2) not null,
        primary key (event_id, organization_id)
      )`);
    await q.query(`create index act_attendance_organization on act_attendance (organization_id)`);
    await q.query(`
      create table act_material (
        id uuid primary key,
        organization_id uuid not null,
        municipality_id uuid not null,
        kind text not null,
        published_on date not null
      )`);
    await q.query(`create index act_material_organization on act_material (organization_id)`);
    await q.query(`
      create table act_mentorship (
        id uuid primary key,
        tutor_organization_id uuid not null,
        mentee_organization_id uuid not null,
        municipality_id uuid not null,
        started_on date,
        ended_on date
      )`);
    await q.query(`
      create table act_feedback (
        id uuid primary key,
        event_id uuid not null,
        organizer_organization_id uuid not null,
        rating integer not null
      )`);
    // Freshness: per source topic, the newest event applied (docs/decisions.md §70).
    await q.query(`
      create table source_position (
        topic text primary key,
        last_event_at timestamptz not null,
        last_applied_at timestamptz not null,
        events_applied bigint not null
      )`);
    await seedCatalogue(q);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'source_position',
      'act_feedback',
      'act_mentorship',
      'act_material',
      'act_attendance',
      'act_event',
      'act_plan_item',
      'act_agreement',
      'measurement',
      'indicator',
    ])
      await q.query(`drop table ${table}`);
  }
}

async function seedCatalogue(q: QueryRunner): Promise<void> {
  for (const i of indicatorCatalogue)
    await q.query(
      `insert into indicator (code, name, exam, subject, measure, unit, min_value, max_value, higher_is_better, computed, description)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        i.code,
        i.name,
        i.exam,
        i.subject,
        i.measure,
        i.unit,
        i.minValue,
        i.maxValue,
        i.higherIsBetter,
        i.computed,
        i.description,
      ],
    );
}
