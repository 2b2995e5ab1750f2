import { join } from 'node:path';

import { MessagingTables1764000000000 } from '@opora/messaging';
import { readSdlFiles } from '@opora/subgraph-server';
import type { ServiceDefinition } from '@opora/subgraph-server';

import { RegistrySkeleton1764000000100 } from './migrations/1764000000100-registry-skeleton';
import { MunicipalityEntity } from './modules/municipality/municipality.entity';
import { municipalityResolvers } from './modules/municipality/municipality.resolvers';
import { OrganizationEntity } from './modules/organization/organization.entity';
import { organizationResolvers } from './modules/organization/organization.resolvers';
import { organizationImportResolvers } from './modules/organization-import/organization-import.resolvers';
import { RegionEntity } from './modules/region/region.entity';
import { regionResolvers } from './modules/region/region.resolvers';
import { createRegistryContext } from './registry-context';
import type { RegistryContext } from './registry-context';

export const registryEntities = [RegionEntity, MunicipalityEntity, OrganizationEntity];
export const registryMigrations = [MessagingTables1764000000000, RegistrySkeleton1764000000100];

/** Feature folders hold their SDL next to their resolvers; the bundle copies them beside main.js. */
export function registrySdl(): { path: string; sdl: string }[] {
  return readSdlFiles(join(__dirname, 'modules'));
}

const resolversByFeature: Record<string, ServiceDefinition<RegistryContext>['modules'][number]['resolvers']> =
  {
    municipality: municipalityResolvers,
    organization: organizationResolvers,
    'organization-import': organizationImportResolvers,
    region: regionResolvers,
  };

export const registryService: Omit<ServiceDefinition<RegistryContext>, 'environment'> = {
  name: 'registry',
  entities: registryEntities,
  migrations: registryMigrations,
  modules: registrySdl().map(({ path, sdl }) => {
    const feature = path.split(/[\\/]/).at(-2) ?? '';
    const resolvers = resolversByFeature[feature];
    if (!resolvers) throw new Error(`Нет резолверов для ${path}`);
    return { typeDefs: sdl, resolvers };
  }),
  createContext: (base, { dataSource }) => createRegistryContext(base, dataSource),
};
