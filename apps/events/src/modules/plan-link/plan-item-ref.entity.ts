import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ActivityKind } from '@opora/event-contracts';

/** AGREED: on an agreed plan; CANCELLED by its owner; WITHDRAWN: left out of a later agreed version. */
export type PlanItemRefState = 'AGREED' | 'CANCELLED' | 'WITHDRAWN';

/** A plan item as the agreements service announced it (agreements.plan.agreed): the events' own copy. */
@Entity({ name: 'plan_item_ref' })
export class PlanItemRefEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId!: string;

  @Column({ name: 'plan_version', type: 'int' })
  planVersion!: number;

  @Column({ name: 'agreement_id', type: 'uuid', nullable: true })
  agreementId!: string | null;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId!: string;

  @Column({ name: 'activity_kind', type: 'text' })
  activityKind!: ActivityKind;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ name: 'planned_on', type: 'date' })
  plannedOn!: string;

  @Column({ type: 'text' })
  state!: PlanItemRefState;
}
