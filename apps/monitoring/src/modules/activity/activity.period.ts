import { z } from 'zod';
import { isoDateField } from '@opora/service-kit';
import { parseInput } from '@opora/subgraph-server';

/** The school year containing `day`: 1 September to 31 August. */
export function schoolYearOf(day: string): { from: string; to: string } {
  const year = Number(day.slice(0, 4));
  const start = Number(day.slice(5, 7)) >= 9 ? year : year - 1;
  return { from: `${start}-09-01`, to: `${start + 1}-08-31` };
}

/** A school year `YYYY-YYYY` as its dates. */
export function schoolYearDates(period: string): { from: string; to: string } {
  return { from: `${period.slice(0, 4)}-09-01`, to: `${period.slice(5)}-08-31` };
}

const periodInput = z
  .object({ from: isoDateField().nullish(), to: isoDateField().nullish() })
  .refine((p) => !p.from || !p.to || p.from <= p.to, {
    message: 'Начало периода позже его конца',
    path: ['to'],
  });

/** A period's bounds from arguments; the current school year by default. */
export function periodOf(
  args: { from?: unknown; to?: unknown },
  today = new Date().toISOString().slice(0, 10),
) {
  const parsed = parseInput(periodInput, { from: args.from ?? null, to: args.to ?? null }, 'args');
  const year = schoolYearOf(parsed.to ?? parsed.from ?? today);
  return { from: parsed.from ?? year.from, to: parsed.to ?? year.to };
}
