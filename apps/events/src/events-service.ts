import { join } from 'node:path';

import { MessagingTables1764000000000 } from '@opora/messaging';
import { RegistryProjectionTables1764000000020, registryProjectionEntities } from '@opora/registry-projection';
import { AuditEntryEntity, AuditTrailTables1764000000010 } from '@opora/service-kit';
import { composeFeatures } from '@opora/subgraph-server';
import type { FeatureContext, ServiceDefinition } from '@opora/subgraph-server';

import type { EventsEnvironment } from './environment';
import { startEventsWorkers } from './events-workers';
import { EventsTables1764000000400 } from './migrations/1764000000400-events-tables';
import { EventEntity } from './modules/event/event.entity';
import { eventModule } from './modules/event/event.module';
import { CalendarFeedEntity } from './modules/feed/calendar-feed.entity';
import { feedModule } from './modules/feed/feed.module';
import { feedRoute } from './modules/feed/feed.route';
import { MaterialEntity } from './modules/material/material.entity';
import { materialModule } from './modules/material/material.module';
import { organizationModule } from './modules/organization/organization.module';
import { FeedbackEntity } from './modules/participation/feedback.entity';
import { participationModule } from './modules/participation/participation.module';
import { RegistrationEntity } from './modules/participation/registration.entity';
import { PlanItemRefEntity } from './modules/plan-link/plan-item-ref.entity';
import { planLinkModule } from './modules/plan-link/plan-link.module';

export const eventsEntities = [
  ...registryProjectionEntities,
  PlanItemRefEntity,
  EventEntity,
  RegistrationEntity,
  FeedbackEntity,
  MaterialEntity,
  CalendarFeedEntity,
  AuditEntryEntity,
];
export const eventsMigrations = [
  MessagingTables1764000000000,
  AuditTrailTables1764000000010,
  RegistryProjectionTables1764000000020,
  EventsTables1764000000400,
];

/** The events service's features (docs/decisions.md §47, §58). */
export const eventsModules = [
  organizationModule,
  eventModule,
  participationModule,
  materialModule,
  planLinkModule,
  feedModule,
] as const;

/** What every events resolver receives: `ctx.services.<feature>`, `ctx.loaders.<feature>.<loader>`. */
export type EventsContext = FeatureContext<typeof eventsModules>;

export const eventsFeatures = composeFeatures(eventsModules, { sdlDir: join(__dirname, 'modules') });

type EventsDefinition = Omit<ServiceDefinition<EventsContext, EventsEnvironment>, 'environment'>;

/** The service; `feedBaseUrl` is where calendar applications reach it (PUBLIC_URL). */
export function eventsServiceWith(options: { feedBaseUrl?: string } = {}): EventsDefinition {
  return {
    name: 'events',
    entities: eventsEntities,
    migrations: eventsMigrations,
    ...eventsFeatures,
    createContext: (base, deps) => eventsFeatures.createContext(base, { ...deps, feedBaseUrl: options.feedBaseUrl }),
    workers: startEventsWorkers,
    routes: feedRoute,
  };
}

export const eventsService: EventsDefinition = eventsServiceWith();
