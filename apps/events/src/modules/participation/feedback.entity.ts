import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A participant's rating of a held event, once (issue 11). */
@Entity({ name: 'feedback' })
export class FeedbackEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'registration_id', type: 'uuid' })
  registrationId!: string;

  @Column({ name: 'author_subject', type: 'text' })
  authorSubject!: string;

  @Column({ type: 'int' })
  rating!: number;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @Column({ name: 'given_at', type: 'timestamptz', default: () => 'now()' })
  givenAt!: Date;
}
