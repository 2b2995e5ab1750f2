import { join } from 'node:path';

import { MessagingTables1764000000000 } from '@opora/messaging';
import {
  RegistryProjectionTables1764000000020,
  registryProjectionEntities,
} from '@opora/registry-projection';
import { AuditEntryEntity, AuditTrailTables1764000000010 } from '@opora/service-kit';
import { composeFeatures } from '@opora/subgraph-server';
import type { FeatureContext, ServiceDefinition } from '@opora/subgraph-server';

import { startAgreementsWorkers } from './agreements-workers';
import type { AgreementsEnvironment } from './environment';
import { AgreementsSkeleton1764000001100 } from './migrations/1764000001100-agreements-skeleton';
import { AgreementEntity } from './modules/agreement/agreement.entity';
import { agreementModule } from './modules/agreement/agreement.module';
import { MentorshipEntity } from './modules/mentorship/mentorship.entity';
import { mentorshipModule } from './modules/mentorship/mentorship.module';
import { organizationModule } from './modules/organization/organization.module';
import {
  ActivityPlanEntity,
  FulfillingEventEntity,
  PlanItemEntity,
  PlanVersionEntity,
} from './modules/plan/plan.entity';
import { planModule } from './modules/plan/plan.module';

export const agreementsEntities = [
  AgreementEntity,
  ActivityPlanEntity,
  PlanVersionEntity,
  PlanItemEntity,
  FulfillingEventEntity,
  MentorshipEntity,
  AuditEntryEntity,
  ...registryProjectionEntities,
];

export const agreementsMigrations = [
  MessagingTables1764000000000,
  AuditTrailTables1764000000010,
  RegistryProjectionTables1764000000020,
  AgreementsSkeleton1764000001100,
];

/** The service's features: each brings its SDL, resolvers, services and loaders (docs/decisions.md §47). */
export const agreementsModules = [agreementModule, planModule, mentorshipModule, organizationModule] as const;

/** What every resolver receives: `ctx.services.<feature>`, `ctx.loaders.<feature>.<loader>`. */
export type AgreementsContext = FeatureContext<typeof agreementsModules>;

export const agreementsFeatures = composeFeatures(agreementsModules, { sdlDir: join(__dirname, 'modules') });

export const agreementsService: Omit<
  ServiceDefinition<AgreementsContext, AgreementsEnvironment>,
  'environment'
> = {
  name: 'agreements',
  entities: agreementsEntities,
  migrations: agreementsMigrations,
  ...agreementsFeatures,
  workers: startAgreementsWorkers,
};
