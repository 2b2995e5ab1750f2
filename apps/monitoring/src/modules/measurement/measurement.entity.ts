import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

import { numericColumn } from '../indicator/indicator.entity';

export type MeasurementSource = 'MUTATION' | 'IMPORT';

/** One value of one indicator for one organization and school year (docs/decisions.md §66). */
@Entity({ name: 'measurement' })
export class MeasurementEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ name: 'indicator_code', type: 'text' })
  indicatorCode!: string;

  /** School year `YYYY-YYYY`, e.g. 2015-2016. */
  @Column({ type: 'text' })
  period!: string;

  @Column({ type: 'numeric', precision: 14, scale: 4, transformer: numericColumn })
  value!: number;

  @Column({ type: 'text' })
  source!: MeasurementSource;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ name: 'recorded_by', type: 'text' })
  recordedBy!: string;
}
