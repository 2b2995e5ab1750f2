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
  /** How often the scheduler ends statuses and programmes whose time has passed; 0 turns it off. */
  SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
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
