import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const agreementStates = ['DRAFT', 'CONCLUDED', 'COMPLETED', 'TERMINATED'] as const;
export type AgreementState = (typeof agreementStates)[number];

/** The seeds' kinds of help a leader gives a supported school (002 §2.2, §4.1; 000 §3.1). */
export const agreementDirections = [
  'MANAGEMENT',
  'ASSESSMENT_ANALYSIS',
  'SUBJECT_TEACHING',
  'UPBRINGING',
  'MENTORING',
  'PROFESSIONAL_DEVELOPMENT',
] as const;
export type AgreementDirection = (typeof agreementDirections)[number];

/**
 * A partnership agreement of a leader school (or training site) with supported schools
 * (002 §4.1–4.3). Both parties are in one municipality (002 §4.2): the agreement lives there.
 */
@Entity({ name: 'partnership_agreement' })
export class AgreementEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** Number as signed. */
  @Column({ type: 'text' })
  number!: string;

  @Column({ name: 'signed_on', type: 'date' })
  signedOn!: string;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  @Column({ name: 'valid_to', type: 'date' })
  validTo!: string;

  @Column({ name: 'leader_organization_id', type: 'uuid' })
  leaderOrganizationId!: string;

  /** The supported schools, in the order entered (the first is v1's partnerOrganizationId). */
  @Column({ name: 'partner_organization_ids', type: 'uuid', array: true })
  partnerOrganizationIds!: string[];

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId!: string;

  @Column({ name: 'region_id', type: 'uuid' })
  regionId!: string;

  @Column({ name: 'region_code', type: 'text' })
  regionCode!: string;

  @Column({ type: 'text', array: true })
  directions!: AgreementDirection[];

  @Column({ type: 'text', array: true })
  subjects!: string[];

  @Column({ type: 'text', nullable: true })
  goals!: string | null;

  /** Personal data: the person responsible at the leader school. */
  @Column({ name: 'leader_responsible', type: 'text', nullable: true })
  leaderResponsible!: string | null;

  /** Personal data: the person responsible at the supported school(s). */
  @Column({ name: 'partner_responsible', type: 'text', nullable: true })
  partnerResponsible!: string | null;

  @Column({ type: 'text' })
  state!: AgreementState;

  @Column({ name: 'concluded_at', type: 'timestamptz', nullable: true })
  concludedAt!: Date | null;

  /** First day the agreement no longer runs (completed or terminated). */
  @Column({ name: 'ended_on', type: 'date', nullable: true })
  endedOn!: string | null;

  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason!: string | null;

  @Column({ name: 'ended_by', type: 'text', nullable: true })
  endedBy!: string | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
