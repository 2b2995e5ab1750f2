import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search where officials look (issue #9, point 6): an organization's locality (a Moscow district,
 * a settlement) is kept and searched, and the municipality's name is searched too. The
 * municipality's search form is derived by the database the way searchKey() computes it (lower
 * case, «ё» as «е», punctuation as spaces), so a municipality needs no write path of its own.
 */
export class OrganizationLocality1764000000300 implements MigrationInterface {
  name = 'OrganizationLocality1764000000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table organization add column locality text`);
    await q.query(`
      alter table municipality add column search_key text not null generated always as (
        btrim(regexp_replace(replace(lower(name), 'ё', 'е'), '[^[:alnum:]]+', ' ', 'g'))) stored`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table municipality drop column search_key`);
    await q.query(`alter table organization drop column locality`);
  }
}
