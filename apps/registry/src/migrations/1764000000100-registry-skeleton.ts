import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Regions, municipalities and organizations: the registry's walking skeleton. */
export class RegistrySkeleton1764000000100 implements MigrationInterface {
  name = 'RegistrySkeleton1764000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table region (
        id uuid primary key,
        code text not null unique check (code ~ '^[0-9]{2}$'),
        name text not null,
        created_at timestamptz not null default now()
      )`);
    await q.query(`
      create table municipality (
        id uuid primary key,
        region_id uuid not null references region (id),
        name text not null,
        name_key text not null,
        oktmo text check (oktmo ~ '^([0-9]{8}|[0-9]{11})$'),
        created_at timestamptz not null default now()
      )`);
    await q.query(`create unique index municipality_region_name on municipality (region_id, name_key)`);
    await q.query(`
      create table organization (
        id uuid primary key,
        municipality_id uuid not null references municipality (id),
        region_id uuid not null references region (id),
        kind text not null check (kind in ('SCHOOL', 'EDUCATION_AUTHORITY', 'METHODOLOGICAL_CENTER', 'OTHER')),
        full_name text not null,
        short_name text,
        inn text check (inn ~ '^[0-9]{10}$'),
        ogrn text check (ogrn ~ '^[0-9]{13}$'),
        address text,
        head_name text,
        created_at timestamptz not null default now()
      )`);
    await q.query(`create index organization_municipality on organization (municipality_id)`);
    await q.query(`create index organization_region on organization (region_id)`);
    await q.query(`create unique index organization_ogrn on organization (ogrn) where ogrn is not null`);
    await q.query(`create unique index organization_inn on organization (inn) where inn is not null`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table organization`);
    await q.query(`drop table municipality`);
    await q.query(`drop table region`);
  }
}
