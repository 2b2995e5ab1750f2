import { z } from 'zod';
import { loadEnvironmentOrExit } from '@opora/config';
import { checkoutDatabaseName } from '@opora/provision';
import { subgraph } from '@opora/service-manifest';
import { serviceEnvironmentModel } from '@opora/subgraph-server';

const manifest = subgraph('events');

/** The events service's environment: the only file of the app that reads process.env. */
export const eventsEnvironmentModel = serviceEnvironmentModel.extend({
  /** Default: this checkout's own database (see checkoutDatabaseName); deployments set it. */
  DATABASE_NAME: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .default(checkoutDatabaseName(manifest.database)),
  PORT: z.coerce.number().int().min(0).max(65535).default(manifest.port),
  /**
   * Where calendar applications reach this service (the base of private feed addresses); default
   * its own address on this machine.
   */
  PUBLIC_URL: z.url().optional(),
  /** Consumer group of the registry projection (regions, municipalities, organizations). */
  REGISTRY_PROJECTION_GROUP: z.string().min(1).default('events.registry-projection'),
  /** Consumer group of the agreements' plan events (which plan items exist). */
  AGREEMENTS_CONSUMER_GROUP: z.string().min(1).default('events.agreements'),
});

export type EventsEnvironment = z.infer<typeof eventsEnvironmentModel>;

export const loadEventsEnvironment = () => loadEnvironmentOrExit('events', eventsEnvironmentModel, process.env);
