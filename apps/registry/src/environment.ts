import { z } from 'zod';
import { databaseModel, loadEnvironmentOrExit, logModel } from '@opora/config';
import { serviceEnvironmentModel } from '@opora/subgraph-server';

/** The registry's environment: the only file of the app that reads process.env. */
export const registryEnvironmentModel = serviceEnvironmentModel.extend({
  DATABASE_NAME: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .default('opora_registry'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4001),
});

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
