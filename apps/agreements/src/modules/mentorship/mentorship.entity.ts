import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type MentorshipState = 'ACTIVE' | 'ENDED';

/**
 * A tutor of the leader school (or site) accompanies a teacher of the supported school
 * (000 §5.3, §3.1; 002 §2.2.6, §3.2.2). The names are personal data.
 */
@Entity({ name: 'mentorship' })
export class MentorshipEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'agreement_id', type: 'uuid', nullable: true })
  agreementId!: string | null;

  @Column({ name: 'tutor_organization_id', type: 'uuid' })
  tutorOrganizationId!: string;

  @Column({ name: 'tutor_name', type: 'text' })
  tutorName!: string;

  @Column({ name: 'mentee_organization_id', type: 'uuid' })
  menteeOrganizationId!: string;

  @Column({ name: 'mentee_name', type: 'text' })
  menteeName!: string;

  @Column({ type: 'text', nullable: true })
  subject!: string | null;

  @Column({ type: 'text', nullable: true })
  goals!: string | null;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;

  @Column({ type: 'text' })
  state!: MentorshipState;

  @Column({ name: 'ended_on', type: 'date', nullable: true })
  endedOn!: string | null;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId!: string;

  @Column({ name: 'region_code', type: 'text' })
  regionCode!: string;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
