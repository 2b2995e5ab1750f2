import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ name: 'municipality' })
@Index('municipality_region_name', ['regionId', 'nameKey'], { unique: true })
export class MunicipalityEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'region_id', type: 'uuid' })
  regionId!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Lower-case name with «ё» as «е»: one municipality per name within a region. */
  @Column({ name: 'name_key', type: 'text' })
  nameKey!: string;

  /** OKTMO code, 8 or 11 digits, when known. */
  @Column({ type: 'text', nullable: true })
  oktmo!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
