import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox (events written with the change that caused them) and the inbox (ids of events a
 * consumer group has applied). Every service that produces or consumes lists this migration.
 */
export class MessagingTables1764000000000 implements MigrationInterface {
  name = 'MessagingTables1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      create table outbox (
        seq bigserial primary key,
        event_id uuid not null unique,
        topic text not null,
        message_key text not null,
        event_type text not null,
        payload jsonb not null,
        headers jsonb not null default '{}'::jsonb,
        created_at timestamptz not null default now(),
        published_at timestamptz
      )`);
    await queryRunner.query(`create index outbox_unpublished on outbox (seq) where published_at is null`);
    await queryRunner.query(`
      create table inbox (
        consumer_group text not null,
        event_id uuid not null,
        event_type text not null,
        outcome text not null check (outcome in ('APPLIED', 'DEAD_LETTERED')),
        applied_at timestamptz not null default now(),
        primary key (consumer_group, event_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`drop table inbox`);
    await queryRunner.query(`drop table outbox`);
  }
}
