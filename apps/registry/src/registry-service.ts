import { join } from 'node:path';

import { MessagingTables1764000000000 } from '@opora/messaging';
import { AuditEntryEntity } from '@opora/service-kit';
import { composeFeatures } from '@opora/subgraph-server';
import type { FeatureContext, ServiceDefinition } from '@opora/subgraph-server';

import type { RegistryEnvironment } from './environment';
import { RegistrySkeleton1764000000100 } from './migrations/1764000000100-registry-skeleton';
import { RegistryStatuses1764000000200 } from './migrations/1764000000200-registry-statuses';
import { OrganizationLocality1764000000300 } from './migrations/1764000000300-organization-locality';
import { MunicipalityEntity } from './modules/municipality/municipality.entity';
import { municipalityModule } from './modules/municipality/municipality.module';
import { AdministrativeOrderEntity } from './modules/order/order.entity';
import { orderModule } from './modules/order/order.module';
import { OrganizationEntity } from './modules/organization/organization.entity';
import { organizationModule } from './modules/organization/organization.module';
import { organizationImportModule } from './modules/organization-import/organization-import.module';
import { ProgrammeEntity } from './modules/programme/programme.entity';
import { programmeModule } from './modules/programme/programme.module';
import { RegionEntity } from './modules/region/region.entity';
import { regionModule } from './modules/region/region.module';
import { PersonEntity } from './modules/status/person.entity';
import { startStatusWorkers } from './modules/status/status-workers';
import { StatusAssignmentEntity } from './modules/status/status.entity';
import { statusModule } from './modules/status/status.module';

export const registryEntities = [
  RegionEntity,
  MunicipalityEntity,
  OrganizationEntity,
  AdministrativeOrderEntity,
  ProgrammeEntity,
  StatusAssignmentEntity,
  PersonEntity,
  AuditEntryEntity,
];
export const registryMigrations = [
  MessagingTables1764000000000,
  RegistrySkeleton1764000000100,
  RegistryStatuses1764000000200,
  OrganizationLocality1764000000300,
];

/** The registry's features: each brings its SDL, resolvers, services and loaders (docs/decisions.md §47). */
export const registryModules = [
  regionModule,
  municipalityModule,
  organizationModule,
  orderModule,
  programmeModule,
  statusModule,
  organizationImportModule,
] as const;

/** What every registry resolver receives: `ctx.services.<feature>`, `ctx.loaders.<feature>.<loader>`. */
export type RegistryContext = FeatureContext<typeof registryModules>;

/** The SDL folders sit next to this file in the sources and beside main.js in the bundle. */
export const registryFeatures = composeFeatures(registryModules, { sdlDir: join(__dirname, 'modules') });

export const registryService: Omit<ServiceDefinition<RegistryContext, RegistryEnvironment>, 'environment'> = {
  name: 'registry',
  entities: registryEntities,
  migrations: registryMigrations,
  ...registryFeatures,
  workers: startStatusWorkers,
};
