import { join } from 'node:path';

import { MessagingTables1764000000000 } from '@opora/messaging';
import {
  RegistryProjectionTables1764000000020,
  registryProjectionEntities,
} from '@opora/registry-projection';
import { AuditEntryEntity, AuditTrailTables1764000000010 } from '@opora/service-kit';
import { composeFeatures } from '@opora/subgraph-server';
import type { FeatureContext, ServiceDefinition } from '@opora/subgraph-server';

import type { MonitoringEnvironment } from './environment';
import { MonitoringTables1764000000400 } from './migrations/1764000000400-monitoring-tables';
import { activityModule } from './modules/activity/activity.module';
import { startProjectionWorkers } from './modules/activity/activity.workers';
import { analyticsModule } from './modules/analytics/analytics.module';
import { directoryModule } from './modules/directory/directory.module';
import { IndicatorEntity } from './modules/indicator/indicator.entity';
import { indicatorModule } from './modules/indicator/indicator.module';
import { MeasurementEntity } from './modules/measurement/measurement.entity';
import { measurementModule } from './modules/measurement/measurement.module';
import { reportModule } from './modules/report/report.module';

export const monitoringEntities = [
  ...registryProjectionEntities,
  IndicatorEntity,
  MeasurementEntity,
  AuditEntryEntity,
];
export const monitoringMigrations = [
  MessagingTables1764000000000,
  AuditTrailTables1764000000010,
  RegistryProjectionTables1764000000020,
  MonitoringTables1764000000400,
];

/** The monitoring service's features (docs/decisions.md §47, §66–72). */
export const monitoringModules = [
  directoryModule,
  indicatorModule,
  measurementModule,
  activityModule,
  analyticsModule,
  reportModule,
] as const;

/** What every monitoring resolver receives. */
export type MonitoringContext = FeatureContext<typeof monitoringModules>;

export const monitoringFeatures = composeFeatures(monitoringModules, { sdlDir: join(__dirname, 'modules') });

export const monitoringService: Omit<
  ServiceDefinition<MonitoringContext, MonitoringEnvironment>,
  'environment'
> = {
  name: 'monitoring',
  entities: monitoringEntities,
  migrations: monitoringMigrations,
  ...monitoringFeatures,
  workers: startProjectionWorkers,
};
