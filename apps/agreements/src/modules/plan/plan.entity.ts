import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { ActivityKind, PlanOwnerKind } from '@opora/event-contracts';

export type PlanState = 'DRAFT' | 'SUBMITTED' | 'RETURNED' | 'AGREED';
export type PlanVersionState = 'SUBMITTED' | 'RETURNED' | 'AGREED';
export type PlanItemState = 'PLANNED' | 'DONE' | 'CANCELLED';
export type PlanItemFulfilment = 'EVENT' | 'MANUAL';

/**
 * An activity plan of a training site (its status) or of an agreement, agreed by a methodological
 * centre (000 §3.4, §3.5.1, §4.2). `version` is the version being worked on; every submitted
 * version is kept in plan_version with its items as submitted.
 */
@Entity({ name: 'activity_plan' })
export class ActivityPlanEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'owner_kind', type: 'text' })
  ownerKind!: PlanOwnerKind;

  /** The training site's status id, or the agreement id. */
  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId!: string;

  /** The organization that works by the plan (the site, or the agreement's leader). */
  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId!: string;

  @Column({ name: 'region_id', type: 'uuid' })
  regionId!: string;

  @Column({ name: 'region_code', type: 'text' })
  regionCode!: string;

  @Column({ name: 'period_from', type: 'date' })
  periodFrom!: string;

  @Column({ name: 'period_to', type: 'date' })
  periodTo!: string;

  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'text' })
  state!: PlanState;

  /** The last version agreed (its items are the plan in force), null before the first agreement. */
  @Column({ name: 'agreed_version', type: 'int', nullable: true })
  agreedVersion!: number | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** One item as a version carried it (kept in the version, so old versions stay readable). */
export interface PlanItemSnapshot {
  id: string;
  activityKind: ActivityKind;
  topic: string;
  subject: string | null;
  audience: string | null;
  plannedOn: string;
  plannedMonthOnly: boolean;
  frequency: string | null;
  durationHours: number | null;
  responsible: string | null;
}

/** A submitted version of a plan and what the centre decided about it. */
@Entity({ name: 'plan_version' })
export class PlanVersionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId!: string;

  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'text' })
  state!: PlanVersionState;

  @Column({ type: 'jsonb' })
  items!: PlanItemSnapshot[];

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt!: Date;

  @Column({ name: 'submitted_by', type: 'text' })
  submittedBy!: string;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy!: string | null;

  /** The methodological centre that returned or agreed the version. */
  @Column({ name: 'decided_by_organization_id', type: 'uuid', nullable: true })
  decidedByOrganizationId!: string | null;

  /** The centre's comments when it returned the version. */
  @Column({ type: 'text', nullable: true })
  comments!: string | null;
}

/** An item of a plan: content, frequency and duration (000 §4.2), and what fulfilled it. */
@Entity({ name: 'plan_item' })
export class PlanItemEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId!: string;

  @Column({ name: 'activity_kind', type: 'text' })
  activityKind!: ActivityKind;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ type: 'text', nullable: true })
  subject!: string | null;

  @Column({ type: 'text', nullable: true })
  audience!: string | null;

  /** The planned date, or the first day of the planned month when `plannedMonthOnly`. */
  @Column({ name: 'planned_on', type: 'date' })
  plannedOn!: string;

  @Column({ name: 'planned_month_only', type: 'boolean' })
  plannedMonthOnly!: boolean;

  @Column({ type: 'text', nullable: true })
  frequency!: string | null;

  @Column({
    name: 'duration_hours',
    type: 'numeric',
    nullable: true,
    transformer: {
      to: (v: number | null) => v,
      from: (v: string | null) => (v === null ? null : Number(v)),
    },
  })
  durationHours!: number | null;

  /** Personal data: the person responsible for the item. */
  @Column({ type: 'text', nullable: true })
  responsible!: string | null;

  @Column({ type: 'text' })
  state!: PlanItemState;

  @Column({ name: 'fulfilled_by', type: 'text', nullable: true })
  fulfilledBy!: PlanItemFulfilment | null;

  /** The event of the events service that fulfilled the item. */
  @Column({ name: 'event_id', type: 'uuid', nullable: true })
  eventId!: string | null;

  @Column({ name: 'done_on', type: 'date', nullable: true })
  doneOn!: string | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason!: string | null;
}

/**
 * What the service knows of each event that named a plan item: held, or cancelled. A cancellation
 * that arrives before the event's `held` (events of one event may cross partitions on a rekey or a
 * replay) is remembered, so the late `held` does not mark the item done.
 */
@Entity({ name: 'fulfilling_event' })
export class FulfillingEventEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'plan_item_id', type: 'uuid' })
  planItemId!: string;

  @Column({ type: 'text' })
  state!: 'HELD' | 'CANCELLED';
}
