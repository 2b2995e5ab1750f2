import { z } from 'zod';
import { loadEnvironmentOrExit } from '@opora/config';
import { checkoutDatabaseName } from '@opora/provision';
import { subgraph } from '@opora/service-manifest';
import { serviceEnvironmentModel } from '@opora/subgraph-server';

const manifest = subgraph('monitoring');

/** The monitoring service's environment: the only file of the app that reads process.env. */
export const monitoringEnvironmentModel = serviceEnvironmentModel.extend({
  /** Default: this checkout's own database (see checkoutDatabaseName); deployments set it. */
  DATABASE_NAME: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .default(checkoutDatabaseName(manifest.database)),
  PORT: z.coerce.number().int().min(0).max(65535).default(manifest.port),
  /**
   * Consumer group of the projections (registry, agreements and events topics). A new group on an
   * empty database rebuilds every projection from offset zero.
   */
  PROJECTIONS_CONSUMER_GROUP: z.string().min(1).default('monitoring.projections'),
});

export type MonitoringEnvironment = z.infer<typeof monitoringEnvironmentModel>;

export const loadMonitoringEnvironment = () =>
  loadEnvironmentOrExit('monitoring', monitoringEnvironmentModel, process.env);
