import type { OrganizationKind } from '../organization/organization.entity';
import type { StatusEndReason, StatusKind } from './status.entity';

/**
 * Reasons an authority may give to end a status before its time (000 §4.5). The other reasons
 * (programme ended, agreement ended, period expired) are the system's to record, never a user's.
 */
export const earlyEndReasons: readonly StatusEndReason[] = [
  'PLAN_FULFILLED_EARLY',
  'UNFORESEEN_CIRCUMSTANCES',
];

export const isEarlyEndReason = (reason: string): reason is StatusEndReason =>
  (earlyEndReasons as readonly string[]).includes(reason);

/** Statuses of the network are held by schools; a regional innovation site may be any non-authority. */
export function statusFitsOrganization(kind: StatusKind, organizationKind: OrganizationKind): boolean {
  if (kind === 'REGIONAL_INNOVATION_SITE') return organizationKind !== 'EDUCATION_AUTHORITY';
  return organizationKind === 'SCHOOL';
}

/** The training site lasts for the programme's period (000 item 1, §1.2): it needs one. */
export const needsProgramme = (kind: StatusKind) => kind === 'TRAINING_SITE';

/**
 * Grounds are recorded (000 §1.5); the sides that give help are chosen on grounds (000 §1.5 for
 * the training site, 002 §1.3 for the leader school: the highest results), so theirs are required.
 */
export const needsGrounds = (kind: StatusKind) => kind === 'TRAINING_SITE' || kind === 'LEADER_SCHOOL';

/**
 * Decision (docs/decisions.md): a school cannot give and receive help at once on results. A leader
 * school is chosen for the highest results (002 §1.3) and a training site carries best practice
 * (000 §1.5), so neither may overlap a LOW_RESULTS status of the same school. Unfavourable social
 * conditions describe the school's surroundings, not its results: a school in such conditions may
 * be a leader or a training site (a «resilient» school is the best mentor for others like it).
 */
export function conflictingKinds(kind: StatusKind): StatusKind[] {
  switch (kind) {
    case 'LEADER_SCHOOL':
    case 'TRAINING_SITE':
      return ['LOW_RESULTS'];
    case 'LOW_RESULTS':
      return ['LEADER_SCHOOL', 'TRAINING_SITE'];
    default:
      return [];
  }
}

/** The day after a calendar date ('2023-05-31' → '2023-06-01'). */
export function nextDay(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

/** The last day a status holds, from its period and its end (null: open-ended). */
export function heldThrough(status: { validTo: string | null; endedOn: string | null }): string | null {
  const beforeEnd = status.endedOn ? previousDay(status.endedOn) : null;
  if (status.validTo && beforeEnd) return status.validTo < beforeEnd ? status.validTo : beforeEnd;
  return status.validTo ?? beforeEnd;
}

export function previousDay(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}
