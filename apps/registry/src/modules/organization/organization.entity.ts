import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

import type { organizationKinds } from '@opora/event-contracts';

export type OrganizationKind = (typeof organizationKinds)[number];
export type AuthorityLevel = 'REGIONAL' | 'MUNICIPAL';

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

  /** Where the organization is within its municipality: a city district, a settlement (searched, shown). */
  @Column({ type: 'text', nullable: true })
  locality!: string | null;

  @Column({ name: 'head_name', type: 'text', nullable: true })
  headName!: string | null;

  /** For education authorities: whose orders they are — the region's or one municipality's. */
  @Column({ name: 'authority_level', type: 'text', nullable: true })
  authorityLevel!: AuthorityLevel | null;

  /** searchKey() of the names, INN and OGRN; kept in step by the service on every write. */
  @Column({ name: 'search_key', type: 'text' })
  searchKey!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
