import { Column, Entity, PrimaryColumn } from 'typeorm';

export type RegistrationSource = 'REGISTERED' | 'ORGANIZER_LIST';

const decimal = {
  to: (value: number | null) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** A participant of an event: registered themselves, or on the organizer's list; with attendance. */
@Entity({ name: 'registration' })
export class RegistrationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'person_name', type: 'text' })
  personName!: string;

  /** The name's search key: one person is one participant of an event. */
  @Column({ name: 'person_key', type: 'text' })
  personKey!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ type: 'text', nullable: true })
  position!: string | null;

  /** The token subject of a participant who registered themselves ("events I am registered for"). */
  @Column({ name: 'participant_subject', type: 'text', nullable: true })
  participantSubject!: string | null;

  @Column({ type: 'text' })
  source!: RegistrationSource;

  @Column({ type: 'boolean', nullable: true })
  attended!: boolean | null;

  @Column({ type: 'numeric', precision: 6, scale: 2, nullable: true, transformer: decimal })
  hours!: number | null;

  @Column({ name: 'registered_at', type: 'timestamptz', default: () => 'now()' })
  registeredAt!: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;
}
