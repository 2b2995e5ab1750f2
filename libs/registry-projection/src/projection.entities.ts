import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OrganizationKind, StatusEndReason, StatusKind } from '@opora/event-contracts';

/*
 * A service's own copy of what the registry announced (docs/decisions.md §27): read-only for the
 * service, written only by the projection's consumer. No foreign keys: events of different records
 * travel in different partitions, so a municipality may arrive before its region. Indexes are
 * declared in the migration (RegistryProjectionTables).
 */

@Entity({ name: 'projected_region' })
export class ProjectedRegion {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  /** IANA zone of the region's calendar (null when announced before the registry sent it). */
  @Column({ name: 'time_zone', type: 'text', nullable: true })
  timeZone!: string | null;
}

@Entity({ name: 'projected_municipality' })
export class ProjectedMunicipality {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'region_id', type: 'uuid' })
  regionId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  oktmo!: string | null;
}

@Entity({ name: 'projected_organization' })
export class ProjectedOrganization {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId!: string;

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
}

export type ProjectedStatusState = 'ACTIVE' | 'ENDED' | 'SUPERSEDED';

@Entity({ name: 'projected_status' })
export class ProjectedStatus {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId!: string;

  @Column({ type: 'text' })
  kind!: StatusKind;

  @Column({ type: 'text' })
  theme!: string;

  @Column({ name: 'programme_id', type: 'uuid', nullable: true })
  programmeId!: string | null;

  @Column({ name: 'assigning_order_id', type: 'uuid' })
  assigningOrderId!: string;

  /** First day held (the region's calendar). */
  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  /** Last day held as assigned; null: until ended. */
  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;

  @Column({ type: 'text' })
  state!: ProjectedStatusState;

  /** First day no longer held, once ended. */
  @Column({ name: 'ended_on', type: 'date', nullable: true })
  endedOn!: string | null;

  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason!: StatusEndReason | null;

  /** The record that corrects this one (then SUPERSEDED). */
  @Column({ name: 'superseded_by', type: 'uuid', nullable: true })
  supersededBy!: string | null;
}

export const registryProjectionEntities = [
  ProjectedRegion,
  ProjectedMunicipality,
  ProjectedOrganization,
  ProjectedStatus,
];
