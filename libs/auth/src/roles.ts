/**
 * Who may use the system (issue #4). Every role but PLATFORM_ADMIN is bound to one region by its
 * token; the narrower roles also to a municipality or an organization.
 *
 * PLATFORM_ADMIN belongs to the operator of the platform, not to an education authority: it
 * creates regions (which no region-bound role can do without already having one) and runs
 * operator tasks. It carries no region claim and is not given personal data (least privilege:
 * operating the platform never needs people's names).
 */
export const roles = [
  'PLATFORM_ADMIN',
  'REGION_ADMIN',
  'MUNICIPAL_OPERATOR',
  'SCHOOL_STAFF',
  'METHODOLOGIST',
  'ANALYST',
] as const;

export type Role = (typeof roles)[number];

/** Russian names, for messages and the playground. */
export const roleTitles: Record<Role, string> = {
  PLATFORM_ADMIN: 'администратор платформы',
  REGION_ADMIN: 'администратор региона',
  MUNICIPAL_OPERATOR: 'оператор муниципалитета',
  SCHOOL_STAFF: 'сотрудник образовательной организации',
  METHODOLOGIST: 'методист',
  ANALYST: 'аналитик',
};
