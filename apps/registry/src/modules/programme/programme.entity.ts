import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type ProgrammeState = 'ACTIVE' | 'ENDED';

/** A municipal or regional project the statuses serve (e.g. «Сетевое наставничество…», 2021–2023). */
@Entity({ name: 'programme' })
export class ProgrammeEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'region_id', type: 'uuid' })
  regionId!: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId!: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId!: string;

  @Column({ name: 'approving_order_id', type: 'uuid', nullable: true })
  approvingOrderId!: string | null;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn!: string;

  @Column({ name: 'ends_on', type: 'date' })
  endsOn!: string;

  @Column({ type: 'text' })
  state!: ProgrammeState;

  /** First day the programme no longer runs (the day after endsOn when it ran its course). */
  @Column({ name: 'ended_on', type: 'date', nullable: true })
  endedOn!: string | null;

  @Column({ name: 'ending_order_id', type: 'uuid', nullable: true })
  endingOrderId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;
}
