import { z } from 'zod';
import { loadEnvironmentOrExit } from '@opora/config';
import { checkoutDatabaseName } from '@opora/provision';
import { subgraph } from '@opora/service-manifest';
import { serviceEnvironmentModel } from '@opora/subgraph-server';

const manifest = subgraph('agreements');

/** The agreements service's environment: the only file of the app that reads process.env. */
export const agreementsEnvironmentModel = serviceEnvironmentModel.extend({
  /** Default: this checkout's own database (see checkoutDatabaseName); deployments set it. */
  DATABASE_NAME: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .default(checkoutDatabaseName(manifest.database)),
  PORT: z.coerce.number().int().min(0).max(65535).default(manifest.port),
  /** Consumer group of the registry projection (registry events → projected_* tables). */
  REGISTRY_PROJECTION_GROUP: z.string().min(1).default('agreements.registry-projection'),
  /** Consumer group of the events service's events (held/cancelled events fulfil plan items). */
  EVENTS_CONSUMER_GROUP: z.string().min(1).default('agreements.events'),
});

export type AgreementsEnvironment = z.infer<typeof agreementsEnvironmentModel>;

export const loadAgreementsEnvironment = () =>
  loadEnvironmentOrExit('agreements', agreementsEnvironmentModel, process.env);
