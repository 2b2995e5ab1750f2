import { z } from 'zod';

/** Services that produce events; each owns one topic `opora.<source>.events`. */
export const eventSources = ['registry', 'agreements', 'events', 'monitoring'] as const;
export type EventSource = (typeof eventSources)[number];

export function topicOf(source: EventSource): string {
  return `opora.${source}.events`;
}

/** The one envelope every event travels in (docs/architecture.md, "Events between services"). */
export const envelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().regex(/^[a-z]+(\.[a-z-]+)+$/),
  version: z.number().int().min(1),
  occurredAt: z.iso.datetime({ offset: true }),
  source: z.enum(eventSources),
  /** The aggregate the event is about; also the Kafka key, so one aggregate's events keep their order. */
  subject: z.string().min(1),
  /** Region code (e.g. "47"): consumers and scoping filter on it without opening `data`. */
  regionCode: z.string().regex(/^\d{2}$/),
  data: z.unknown(),
});

export type Envelope<Type extends string = string, Data = unknown> = Omit<
  z.infer<typeof envelopeSchema>,
  'type' | 'data'
> & {
  type: Type;
  data: Data;
};
