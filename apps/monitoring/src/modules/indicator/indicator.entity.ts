import { Column, Entity, PrimaryColumn } from 'typeorm';

import type { Exam, Measure } from './indicator.catalogue';

/** numeric columns arrive from pg as text; figures are read as numbers. */
export const numericColumn = {
  to: (v: number) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};

/** An indicator of the catalogue (docs/decisions.md §66). */
@Entity({ name: 'indicator' })
export class IndicatorEntity {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  exam!: Exam;

  @Column({ type: 'text', nullable: true })
  subject!: string | null;

  @Column({ type: 'text' })
  measure!: Measure;

  @Column({ type: 'text' })
  unit!: string;

  @Column({ name: 'min_value', type: 'numeric', transformer: numericColumn })
  minValue!: number;

  @Column({ name: 'max_value', type: 'numeric', transformer: numericColumn })
  maxValue!: number;

  @Column({ name: 'higher_is_better', type: 'boolean' })
  higherIsBetter!: boolean;

  /** Computed from the activity projection; never entered or imported. */
  @Column({ type: 'boolean' })
  computed!: boolean;

  @Column({ type: 'text' })
  description!: string;
}
