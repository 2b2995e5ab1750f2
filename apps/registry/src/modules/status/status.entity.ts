import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

import type { statusEndReasons, statusKinds } from '@opora/event-contracts';

export type StatusKind = (typeof statusKinds)[number];
export type StatusEndReason = (typeof statusEndReasons)[number];
export type StatusState = 'ACTIVE' | 'ENDED' | 'SUPERSEDED';

/**
 * A status held by an organization for a period and a theme, under an order. Rows are never
 * rewritten in substance: an end fills the end columns once; a correction supersedes the row with
 * a new one. The database derives `held` (the days the status really holds) and forbids two
 * overlapping rows of one kind for one organization.
 */
@Entity({ name: 'status_assignment' })
export class StatusAssignmentEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ name: 'region_id', type: 'uuid' })
  regionId!: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId!: string;

  @Column({ type: 'text' })
  kind!: StatusKind;

  @Column({ type: 'text' })
  theme!: string;

  @Column({ type: 'text', array: true })
  grounds!: string[];

  @Column({ name: 'programme_id', type: 'uuid', nullable: true })
  programmeId!: string | null;

  @Column({ name: 'assigning_order_id', type: 'uuid' })
  assigningOrderId!: string;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;

  @Column({ name: 'head_person_id', type: 'uuid', nullable: true })
  headPersonId!: string | null;

  /** For a training site: the centre that helps it and agrees its plan (000 §3.4, §3.5.1; order 364-р item 4). */
  @Column({ name: 'methodological_centre_id', type: 'uuid', nullable: true })
  methodologicalCentreId!: string | null;

  @Column({ type: 'text' })
  state!: StatusState;

  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason!: StatusEndReason | null;

  @Column({ name: 'ending_order_id', type: 'uuid', nullable: true })
  endingOrderId!: string | null;

  /** First day the status is no longer held. */
  @Column({ name: 'ended_on', type: 'date', nullable: true })
  endedOn!: string | null;

  @Column({ name: 'supersedes_id', type: 'uuid', nullable: true })
  supersedesId!: string | null;

  @Column({ name: 'correction_reason', type: 'text', nullable: true })
  correctionReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;
}
