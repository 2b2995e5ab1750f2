import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Principal } from '@opora/auth';

export type FeedScope = 'REGION' | 'MUNICIPALITY' | 'ORGANIZATION' | 'MY_REGISTRATIONS';

/** A private calendar address: only the secret's hash is kept (docs/decisions.md §63). */
@Entity({ name: 'calendar_feed' })
export class CalendarFeedEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'secret_hash', type: 'text' })
  secretHash!: string;

  @Column({ name: 'owner_subject', type: 'text' })
  ownerSubject!: string;

  /** The owner's role and scope when the address was made: the feed shows what they may see. */
  @Column({ type: 'jsonb' })
  owner!: Principal;

  @Column({ type: 'text' })
  scope!: FeedScope;

  @Column({ name: 'region_id', type: 'uuid' })
  regionId!: string;

  @Column({ name: 'municipality_id', type: 'uuid', nullable: true })
  municipalityId!: string | null;

  @Column({ name: 'organization_id', type: 'uuid', nullable: true })
  organizationId!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
