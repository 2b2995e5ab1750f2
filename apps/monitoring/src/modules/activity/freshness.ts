import type { DataSource } from 'typeorm';
import { consumerLagOf } from '@opora/messaging';
import type { Kafka } from '@opora/messaging';

type Admin = ReturnType<Kafka['admin']>;

/** Up to which moment a source topic is reflected in the service's answers (docs/decisions.md §70). */
export interface SourceFreshnessModel {
  source: string;
  topic: string;
  /** The newest event applied from the topic (its own time), null when none yet. */
  lastEventAt: Date | null;
  /** When the service last applied an event of the topic. */
  lastAppliedAt: Date | null;
  eventsApplied: number;
  /** Events in the topic not applied yet; null when Kafka could not be asked. */
  lagEvents: number | null;
  /**
   * How far behind the answer may be, in seconds: 0 when nothing is waiting, else the time since
   * the newest applied event (every waiting event is younger than now and older than… at best it).
   */
  lagSeconds: number | null;
}

interface Probe {
  dataSource: DataSource;
  admin: Admin;
  groupId: string;
  topics: string[];
  cached?: { at: number; lags: Map<string, number> };
}

/*
 * The consumer's Kafka client is known to the workers, not to the request context: the workers
 * attach the probe once per data source, and the resolvers ask it by their data source.
 */
const probes = new Map<DataSource, Probe>();

export function attachLagProbe(dataSource: DataSource, kafka: Kafka, groupId: string, topics: string[]) {
  const admin = kafka.admin();
  const connected = admin.connect();
  probes.set(dataSource, { dataSource, admin, groupId, topics });
  return {
    stop: async () => {
      probes.delete(dataSource);
      await connected.catch(() => undefined);
      await admin.disconnect();
    },
  };
}

/** Lag is read from Kafka at most this often per service (many answers in one request share it). */
const LAG_CACHE_MS = 500;

async function lagsOf(probe: Probe): Promise<Map<string, number> | null> {
  if (probe.cached && Date.now() - probe.cached.at < LAG_CACHE_MS) return probe.cached.lags;
  try {
    const lags = new Map<string, number>(probe.topics.map((t) => [t, 0]));
    for (const { topic, lag } of await consumerLagOf(probe.admin, probe.groupId, probe.topics))
      lags.set(topic, (lags.get(topic) ?? 0) + lag);
    probe.cached = { at: Date.now(), lags };
    return lags;
  } catch {
    return null;
  }
}

/** The freshness of every source topic, as the service sees it now. */
export async function freshnessOf(dataSource: DataSource, topics: string[]): Promise<SourceFreshnessModel[]> {
  const rows: { topic: string; last_event_at: Date; last_applied_at: Date; events_applied: string }[] =
    await dataSource.query(
      `select topic, last_event_at, last_applied_at, events_applied from source_position`,
    );
  const probe = probes.get(dataSource);
  const lags = probe ? await lagsOf(probe) : null;
  const now = Date.now();
  return topics.map((topic) => {
    const row = rows.find((r) => r.topic === topic);
    const lagEvents = lags?.get(topic) ?? null;
    return {
      source: topic.split('.')[1],
      topic,
      lastEventAt: row?.last_event_at ?? null,
      lastAppliedAt: row?.last_applied_at ?? null,
      eventsApplied: Number(row?.events_applied ?? 0),
      lagEvents,
      lagSeconds:
        lagEvents === null
          ? null
          : lagEvents === 0
            ? 0
            : row
              ? Math.max(0, (now - row.last_event_at.getTime()) / 1000)
              : null,
    };
  });
}

/**
 * Computes an answer after reading its sources' freshness, so that the freshness never claims
 * more than the figures reflect (read after, it could count events applied in between).
 */
export async function withFreshness<T extends object>(
  dataSource: DataSource,
  topics: string[],
  compute: () => Promise<T>,
): Promise<T & { freshness: SourceFreshnessModel[] }> {
  const freshness = await freshnessOf(dataSource, topics);
  return { ...(await compute()), freshness };
}
