import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

import type { organizationKinds } from '@opora/event-contracts';

export type OrganizationKind = (typeof organizationKinds)[number];

@Entity({ name: 'organization' })
@Index('organization_municipality', ['municipalityId'])
export class OrganizationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId!: string;

  /** Denormalised from the municipality: every query is scoped by region. */
  @Column({ name: 'region_id', type: 'uuid' })
  regionId!: string;

  @Column({ type: 'text' })
  kind!: OrganizationKind;

  @Column({ name: 'full_name', type: 'text' })
  fullName!: string;

  @Column({ name: 'short_name', type: 'text', nullable: true })
  shortName!: string | null;

  @Column({ type: 'text', nullable: true })
  inn!: string | null;

  @Column({ type: 'text', nullable: true })
  ogrn!: string | null;

  @Column({ type: 'text', nullable: true })
  address!: string | null;

  @Column({ name: 'head_name', type: 'text', nullable: true })
  headName!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
