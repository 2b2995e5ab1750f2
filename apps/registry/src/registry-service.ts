import { join } from 'node:path';

import { MessagingTables1764000000000 } from '@opora/messaging';
import { AuditEntryEntity } from '@opora/service-kit';
import { readSdlFiles } from '@opora/subgraph-server';
import type { ServiceDefinition } from '@opora/subgraph-server';

import type { RegistryEnvironment } from './environment';
import { RegistrySkeleton1764000000100 } from './migrations/1764000000100-registry-skeleton';
import { RegistryStatuses1764000000200 } from './migrations/1764000000200-registry-statuses';
import { OrganizationLocality1764000000300 } from './migrations/1764000000300-organization-locality';
import { MunicipalityEntity } from './modules/municipality/municipality.entity';
import { municipalityResolvers } from './modules/municipality/municipality.resolvers';
import { AdministrativeOrderEntity } from './modules/order/order.entity';
import { orderResolvers } from './modules/order/order.resolvers';
import { OrganizationEntity } from './modules/organization/organization.entity';
import { organizationResolvers } from './modules/organization/organization.resolvers';
import { organizationImportResolvers } from './modules/organization-import/organization-import.resolvers';
import { ProgrammeEntity } from './modules/programme/programme.entity';
import { programmeResolvers } from './modules/programme/programme.resolvers';
import { RegionEntity } from './modules/region/region.entity';
import { regionResolvers } from './modules/region/region.resolvers';
import { PersonEntity } from './modules/status/person.entity';
import { startStatusWorkers } from './modules/status/status-workers';
import { StatusAssignmentEntity } from './modules/status/status.entity';
import { statusResolvers } from './modules/status/status.resolvers';
import { createRegistryContext, forgetLoaded } from './registry-context';
import type { RegistryContext } from './registry-context';

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

/** Feature folders hold their SDL next to their resolvers; the bundle copies them beside main.js. */
export function registrySdl(): { path: string; sdl: string }[] {
  return readSdlFiles(join(__dirname, 'modules'));
}

type Resolvers = ServiceDefinition<RegistryContext, RegistryEnvironment>['modules'][number]['resolvers'];

const resolversByFeature: Record<string, Resolvers> = {
  municipality: municipalityResolvers,
  order: orderResolvers,
  organization: organizationResolvers,
  'organization-import': organizationImportResolvers,
  programme: programmeResolvers,
  region: regionResolvers,
  status: statusResolvers,
};

/** Every mutation empties the request's loaders once it has written (see forgetLoaded). */
function forgettingAfterWrites(resolvers: Resolvers): Resolvers {
  const mutations = resolvers.Mutation as Record<string, (...args: unknown[]) => unknown> | undefined;
  if (!mutations) return resolvers;
  return {
    ...resolvers,
    Mutation: Object.fromEntries(
      Object.entries(mutations).map(([name, resolve]) => [
        name,
        async (parent: unknown, args: unknown, ctx: RegistryContext, info: unknown) => {
          const result = await resolve(parent, args, ctx, info);
          forgetLoaded(ctx);
          return result;
        },
      ]),
    ),
  };
}

export const registryService: Omit<ServiceDefinition<RegistryContext, RegistryEnvironment>, 'environment'> = {
  name: 'registry',
  entities: registryEntities,
  migrations: registryMigrations,
  modules: registrySdl().map(({ path, sdl }) => {
    const feature = path.split(/[\\/]/).at(-2) ?? '';
    if (feature === 'modules') return { typeDefs: sdl, resolvers: {} };
    const resolvers = resolversByFeature[feature];
    if (!resolvers) throw new Error(`Нет резолверов для ${path}`);
    return { typeDefs: sdl, resolvers: forgettingAfterWrites(resolvers) };
  }),
  createContext: (base, { dataSource }) => createRegistryContext(base, dataSource),
  workers: startStatusWorkers,
};
