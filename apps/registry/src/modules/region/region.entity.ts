import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Storage shape of a region; the GraphQL type is declared separately in region.graphql. */
@Entity({ name: 'region' })
export class RegionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** Two-digit code of the subject of the Russian Federation ("47"). */
  @Column({ type: 'text', unique: true })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  /** IANA zone the region's calendar dates are read in (a status holds through its last local day). */
  @Column({ name: 'time_zone', type: 'text' })
  timeZone!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
