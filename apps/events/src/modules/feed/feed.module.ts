import { defineFeature, featureParts } from '@opora/subgraph-server';
import type { FeatureDeps, FeatureModule } from '@opora/subgraph-server';

import { feedResolvers } from './feed.resolvers';
import { FEED_PATH } from './feed.route';
import { FeedService } from './feed.service';

const parts = featureParts({
  name: 'feed',
  /** `feedBaseUrl`: where calendar applications reach the service (PUBLIC_URL); default its own port. */
  services: ({ dataSource, feedBaseUrl }: FeatureDeps & { feedBaseUrl?: string }) => ({
    feeds: new FeedService(dataSource),
    urlOf: (secret: string) => `${feedBaseUrl ?? 'http://127.0.0.1:4003'}${FEED_PATH}?key=${secret}`,
  }),
});

/** Calendars people subscribe to (iCalendar feeds behind a revocable secret). */
export const feedModule: FeatureModule<typeof parts> = defineFeature(parts, feedResolvers);
