import type { BaseContext } from '@opora/subgraph-server';

/** Who made a change, for the audit trail and `created_by` columns. */
export interface Actor {
  subject: string;
  role: string | null;
  requestId?: string;
}

/** The caller of a request; background work (scheduler, consumers, imports) names itself. */
export function actorOf(ctx: BaseContext): Actor {
  const principal = (ctx as { principal?: { subject: string; role: string } }).principal;
  return principal
    ? { subject: principal.subject, role: principal.role, requestId: ctx.requestId }
    : { subject: 'anonymous', role: null, requestId: ctx.requestId };
}

export const systemActor = (component: string): Actor => ({ subject: `system:${component}`, role: null });
