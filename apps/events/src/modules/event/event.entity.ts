import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ActivityKind, EventFormat } from '@opora/event-contracts';

export type EventState = 'PLANNED' | 'HELD' | 'CANCELLED';

/** A methodological event (000 §3.1; 002 §2.2, §3.2, §3.3); indexes are in the migration. */
@Entity({ name: 'event' })
export class EventEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  kind!: ActivityKind;

  @Column({ type: 'text' })
  format!: EventFormat;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  subject!: string | null;

  @Column({ type: 'text', nullable: true })
  audience!: string | null;

  @Column({ name: 'organizer_organization_id', type: 'uuid' })
  organizerOrganizationId!: string;

  /** The organizer's region and municipality (from the registry projection), for scoping. */
  @Column({ name: 'region_id', type: 'uuid' })
  regionId!: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId!: string;

  @Column({ name: 'plan_item_id', type: 'uuid', nullable: true })
  planItemId!: string | null;

  @Column({ name: 'agreement_id', type: 'uuid', nullable: true })
  agreementId!: string | null;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

  @Column({ type: 'text', nullable: true })
  place!: string | null;

  @Column({ type: 'text', nullable: true })
  link!: string | null;

  @Column({ type: 'int', nullable: true })
  capacity!: number | null;

  @Column({ name: 'registered_count', type: 'int', default: 0 })
  registeredCount!: number;

  @Column({ type: 'text' })
  state!: EventState;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason!: string | null;

  /** iCalendar SEQUENCE: raised by every change a subscriber must see (RFC 5545 §3.8.7.4). */
  @Column({ type: 'int', default: 0 })
  sequence!: number;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
