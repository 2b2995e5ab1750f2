import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

import type { orderKinds } from '@opora/event-contracts';

export type OrderKind = (typeof orderKinds)[number];

/** An order (приказ) or directive (распоряжение) as issued: every status change rests on one. */
@Entity({ name: 'administrative_order' })
export class AdministrativeOrderEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'region_id', type: 'uuid' })
  regionId!: string;

  /** The issuer's municipality (for a regional authority, the one it sits in). */
  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId!: string;

  @Column({ name: 'issuer_id', type: 'uuid' })
  issuerId!: string;

  @Column({ type: 'text' })
  kind!: OrderKind;

  /** As issued: "364-р", "129". */
  @Column({ type: 'text' })
  number!: string;

  @Column({ name: 'issued_on', type: 'date' })
  issuedOn!: string;

  @Column({ type: 'text', nullable: true })
  signatory!: string | null;

  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'annex_title', type: 'text', nullable: true })
  annexTitle!: string | null;

  @Column({ name: 'annex_text', type: 'text', nullable: true })
  annexText!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;
}
