import type { BaseContext } from '@opora/subgraph-server';

/** Who made a change, for the audit trail and `created_by` columns. */
export interface Actor {
  subject: string;
  role: string | null;
  requestId?: string;
}

/** The caller of a request, from its verified token. */
export function actorOf(ctx: BaseContext): Actor {
  return { subject: ctx.principal.subject, role: ctx.principal.role, requestId: ctx.requestId };
}

/** Background work (scheduler, consumers, imports from the command line) names itself. */
export const systemActor = (component: string): Actor => ({ subject: `system:${component}`, role: null });
