import { z } from 'zod';
import { databaseModel, loadEnvironmentOrExit, logModel } from '@opora/config';
import { checkoutDatabaseName } from '@opora/provision';
import { subgraph } from '@opora/service-manifest';
import { serviceEnvironmentModel } from '@opora/subgraph-server';

const manifest = subgraph('registry');

/** The registry's environment: the only file of the app that reads process.env. */
export const registryEnvironmentModel = serviceEnvironmentModel.extend({
  /** Default: this checkout's own database (see checkoutDatabaseName); deployments set it. */
  DATABASE_NAME: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .default(checkoutDatabaseName(manifest.database)),
  PORT: z.coerce.number().int().min(0).max(65535).default(manifest.port),
  /** How often the scheduler ends statuses and programmes whose time has passed; 0 turns it off. */
  SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
  /**
   * The date this instance's scheduler takes as today instead of each region's own (empty: the
   * region's own, as in production). For rehearsing a year's end on a copy of the data and for
   * the spec of the scheduler's path to cached readers (docs/decisions.md §77).
   */
  SCHEDULER_AS_OF: z
    .string()
    .regex(/^(\d{4}-\d{2}-\d{2})?$/, 'дата ГГГГ-ММ-ДД или пусто')
    .default(''),
  /** Consumer group of the agreements' events; every registry instance of a deployment shares it. */
  AGREEMENTS_CONSUMER_GROUP: z.string().min(1).default('registry.agreements'),
});

export type RegistryEnvironment = z.infer<typeof registryEnvironmentModel>;

export const loadRegistryEnvironment = () =>
  loadEnvironmentOrExit('registry', registryEnvironmentModel, process.env);

/**
 * What the registry's commands that work on its database alone need (the organization import
 * CLI, the import benchmark): no Kafka, no HTTP — events wait in the outbox for the service's relay.
 */
export const registryDatabaseEnvironmentModel = z.object({
  ...databaseModel,
  DATABASE_NAME: registryEnvironmentModel.shape.DATABASE_NAME,
  LOG_LEVEL: logModel.LOG_LEVEL,
});

export const loadRegistryDatabaseEnvironment = () =>
  loadEnvironmentOrExit('registry', registryDatabaseEnvironmentModel, process.env);
