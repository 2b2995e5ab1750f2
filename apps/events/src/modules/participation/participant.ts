import type { RegistrationEntity } from './registration.entity';

/** A participant as the schema shows it: names only when the caller may read personal data (§62). */
export interface ParticipantView {
  registration: RegistrationEntity;
  showPersonalData: boolean;
}
