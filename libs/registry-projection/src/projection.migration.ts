import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables of the registry projection. A service that keeps the projection lists this
 * migration after MessagingTables (its consumer records applied events in the inbox).
 */
export class RegistryProjectionTables1764000000020 implements MigrationInterface {
  name = 'RegistryProjectionTables1764000000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table projected_region (
        id uuid primary key,
        code text not null,
        name text not null,
        time_zone text
      )`);
    await q.query(`
      create table projected_municipality (
        id uuid primary key,
        region_id uuid not null,
        name text not null,
        oktmo text
      )`);
    await q.query(`create index projected_municipality_region on projected_municipality (region_id)`);
    await q.query(`
      create table projected_organization (
        id uuid primary key,
        municipality_id uuid not null,
        region_id uuid not null,
        kind text not null,
        full_name text not null,
        short_name text,
        inn text,
        ogrn text
      )`);
    await q.query(
      `create index projected_organization_municipality on projected_organization (municipality_id)`,
    );
    await q.query(`create index projected_organization_region on projected_organization (region_id)`);
    await q.query(`create index projected_organization_ogrn on projected_organization (ogrn)`);
    await q.query(`
      create table projected_status (
        id uuid primary key,
        organization_id uuid not null,
        municipality_id uuid not null,
        kind text not null,
        theme text not null,
        programme_id uuid,
        assigning_order_id uuid not null,
        valid_from date not null,
        valid_to date,
        state text not null check (state in ('ACTIVE', 'ENDED', 'SUPERSEDED')),
        ended_on date,
        end_reason text,
        superseded_by uuid
      )`);
    await q.query(
      `create index projected_status_organization on projected_status (organization_id, valid_from)`,
    );
    await q.query(`create index projected_status_municipality on projected_status (municipality_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'projected_status',
      'projected_organization',
      'projected_municipality',
      'projected_region',
    ])
      await q.query(`drop table ${table}`);
  }
}
