import { topicOf } from '@opora/event-contracts';
import { deadLetterTopic } from '@opora/messaging';
import { createIdempotentProducer } from '@opora/messaging';
import { eventually, graphql, graphqlOk, readTopicUntil, testKafka, uniqueSuffix } from '@opora/testing';

import { publisher, regionCode, startTestMonitoring } from '../../../__tests__/monitoring-fixtures';
import { activityWorld } from './activity-world';

const ACTIVITY = `query($reps: [_Any!]!, $from: Date, $to: Date) {
  _entities(representations: $reps) {
    ... on Region { activity(from: $from, to: $to) { ...summary } }
    ... on Municipality { activity(from: $from, to: $to) { ...summary } }
    ... on Organization { activity(from: $from, to: $to) { ...summary } }
  }
}
fragment summary on ActivitySummary {
  from to
  schoolsByStatus { kind count }
  activeAgreements
  planFulfilment { planned done cancelled percent }
  eventsByKind { kind format held participants }
  eventsHeld participantsReached tutoringHours materialsPublished
  freshness { source topic lastEventAt eventsApplied lagEvents lagSeconds }
}`;

const period = { from: '2024-09-01', to: '2025-08-31' };

describe('activity projection from Kafka only (real PostgreSQL and Kafka)', () => {
  const network = activityWorld(regionCode());
  let first: Awaited<ReturnType<typeof startTestMonitoring>>;
  let events: Awaited<ReturnType<typeof publisher>>;
  const poisonKey = `poison-${uniqueSuffix()}`;

  const activityOf = async (url: string, typename: string, id: string) => {
    const data = await graphqlOk(url, ACTIVITY, { reps: [{ __typename: typename, id }], ...period });
    return data._entities[0].activity;
  };
  const figures = ({ freshness: _freshness, ...rest }: Record<string, unknown>) => rest;
  /** Equality as `toEqual` judges it (GraphQL answers carry null-prototype objects). */
  const equals = (actual: unknown, expected: unknown) => {
    try {
      expect(actual).toEqual(expected);
      return true;
    } catch {
      return false;
    }
  };

  beforeAll(async () => {
    first = await startTestMonitoring();
    events = await publisher();
    // A message that is no event at all, before the good ones: it goes to the dead-letter topic.
    const producer = createIdempotentProducer(testKafka());
    await producer.connect();
    await producer.send({
      topic: topicOf('events'),
      messages: [{ key: poisonKey, value: Buffer.from('{not json') }],
    });
    await producer.disconnect();
    await events.publish(network.all);
  });

  afterAll(async () => {
    await events?.close();
    await first?.stop();
  });

  it("sums a region's schools by status, agreements, plan fulfilment, events by kind and format, reach, tutoring hours and materials (000 §3.1, §3.5.2)", async () => {
    // The registry's topic and the activity topics are applied independently (and the registry's
    // carries the whole run's events): wait for the whole answer, then compare it.
    const expected = { ...period, ...network.expected };
    let summary: Record<string, unknown> = {};
    await eventually(
      async () => {
        summary = await activityOf(first.url, 'Region', network.world.regionId);
        return equals(figures(summary), expected);
      },
      60_000,
      'деятельность региона в проекции',
    ).catch(() => undefined);
    expect(figures(summary)).toEqual(expected);
  });

  it('narrows to a municipality and to an organization (the site, the supported school reached by tutoring)', async () => {
    const south = await activityOf(first.url, 'Municipality', network.south);
    expect(south.eventsHeld).toBe(2);
    expect(south.planFulfilment).toEqual({ planned: 3, done: 2, cancelled: 1, percent: 66.67 });
    expect(south.activeAgreements).toBe(0);
    const supported = await activityOf(first.url, 'Organization', network.supportedA.id);
    expect(supported).toMatchObject({
      activeAgreements: 1,
      tutoringHours: 6,
      eventsHeld: 0,
      schoolsByStatus: [{ kind: 'LOW_RESULTS', count: 1 }],
    });
  });

  it('rates the training site by the formula of docs/monitoring-formulas.md (000 §3.5.1): plan, rating, attendance', async () => {
    const data = await eventually(
      async () => {
        const d = await graphqlOk(
          first.url,
          `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Organization {
        trainingSiteEffectiveness(from: "2024-09-01", to: "2025-08-31") {
          planFulfilment averageRating attendanceRate eventsHeld participantsReached materialsPublished index } } } }`,
          { reps: [{ __typename: 'Organization', id: network.site.id }] },
        );
        return d._entities[0].trainingSiteEffectiveness.averageRating !== null && d;
      },
      30_000,
      'оценка мероприятия в проекции',
    );
    // F = 2/3, Q = (5 − 1)/4 = 1, A = 25/30: 100 × (0.5·0.6667 + 0.25·1 + 0.25·0.8333) = 79.2.
    expect(data._entities[0].trainingSiteEffectiveness).toEqual({
      planFulfilment: 66.67,
      averageRating: 5,
      attendanceRate: 83.33,
      eventsHeld: 2,
      participantsReached: 25,
      materialsPublished: 1,
      index: 79.2,
    });
  });

  it("shows a municipality's activity to its own operator and refuses the neighbouring one (readAggregates)", async () => {
    const operator = (municipalityId: string) => ({
      as: {
        subject: `operator-${municipalityId}`,
        name: 'Оператор',
        role: 'MUNICIPAL_OPERATOR' as const,
        regionCode: network.world.regionCode,
        municipalityId,
      },
    });
    const query = (id: string) => ({ reps: [{ __typename: 'Municipality', id }], ...period });
    // The operator's municipality is known once the registry's events of it are applied.
    let own = await graphql(first.url, ACTIVITY, query(network.south), {}, operator(network.south));
    await eventually(
      async () => {
        own = await graphql(first.url, ACTIVITY, query(network.south), {}, operator(network.south));
        return own.errors === undefined;
      },
      60_000,
      'муниципалитет в проекции',
    ).catch(() => undefined);
    expect(own.errors).toBeUndefined();
    expect(own.data!._entities[0].activity.eventsHeld).toBe(2);
    const other = await graphql(first.url, ACTIVITY, query(network.north), {}, operator(network.south));
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(other.errors?.[0].message).toMatch(/муниципалитет/);
  });

  it('says up to when each source is reflected: the last applied event time and no lag once caught up (issue 12 §5)', async () => {
    const summary = await eventually(
      async () => {
        const s = await activityOf(first.url, 'Region', network.world.regionId);
        return s.freshness.every((f: { lagEvents: number }) => f.lagEvents === 0) && s;
      },
      60_000,
      'нулевое отставание',
    );
    expect(summary.freshness.map((f: { source: string }) => f.source)).toEqual([
      'registry',
      'agreements',
      'events',
    ]);
    for (const f of summary.freshness) {
      expect(f.lastEventAt).not.toBeNull();
      expect(f.eventsApplied).toBeGreaterThan(0);
      expect(f.lagSeconds).toBe(0);
    }
  });

  it('applies a redelivered event once: the figures do not change', async () => {
    await events.publish(
      network.all.filter(
        (e) => e.type === 'events.attendance.recorded' || e.type === 'agreements.plan-item.done',
      ),
    );
    const region = await eventually(
      async () => {
        const s = await activityOf(first.url, 'Region', network.world.regionId);
        return s.freshness.every((f: { lagEvents: number }) => f.lagEvents === 0) && s;
      },
      60_000,
      'повторная доставка учтена',
    );
    expect(figures(region)).toEqual({ ...period, ...network.expected });
  });

  it('sends a poison message to the dead-letter topic and carries on', async () => {
    const dead = await readTopicUntil(deadLetterTopic(first.group), (messages) =>
      messages.some((m) => m.key?.toString() === poisonKey),
    );
    expect(dead.find((m) => m.key?.toString() === poisonKey)!.value!.toString()).toBe('{not json');
    // The good events after it were applied (the first test's figures).
  });

  it('rebuilt from offset zero into an empty database by a new consumer group, gives the same answers', async () => {
    const rebuilt = await startTestMonitoring();
    try {
      for (const [typename, id] of [
        ['Region', network.world.regionId],
        ['Municipality', network.north],
        ['Municipality', network.south],
        ['Organization', network.site.id],
        ['Organization', network.supportedA.id],
      ]) {
        const expected = figures(await activityOf(first.url, typename, id));
        const again = await eventually(
          async () => {
            const s = await activityOf(rebuilt.url, typename, id);
            return s.freshness.every((f: { lagEvents: number }) => f.lagEvents === 0) && s;
          },
          90_000,
          'перестроенная проекция догнала топики',
        );
        expect(figures(again)).toEqual(expected);
      }
    } finally {
      await rebuilt.stop();
    }
  });
});
