import type { DataSource } from 'typeorm';
import { byIdLoader, groupLoader } from '@opora/database';
import type { BaseContext } from '@opora/subgraph-server';

import { MunicipalityEntity } from './modules/municipality/municipality.entity';
import { MunicipalityService } from './modules/municipality/municipality.service';
import { OrganizationEntity } from './modules/organization/organization.entity';
import { OrganizationService } from './modules/organization/organization.service';
import { OrganizationImportService } from './modules/organization-import/organization-import.service';
import { RegionEntity } from './modules/region/region.entity';
import { RegionService } from './modules/region/region.service';

/** Per-request context: services, and DataLoaders that live for one request only. */
export function createRegistryContext(base: BaseContext, dataSource: DataSource) {
  return {
    ...base,
    services: {
      regions: new RegionService(dataSource),
      municipalities: new MunicipalityService(dataSource),
      organizations: new OrganizationService(dataSource),
      organizationImport: new OrganizationImportService(dataSource),
    },
    loaders: {
      region: byIdLoader(dataSource, RegionEntity),
      municipality: byIdLoader(dataSource, MunicipalityEntity),
      organization: byIdLoader(dataSource, OrganizationEntity),
      municipalitiesOfRegion: groupLoader(dataSource, MunicipalityEntity, 'regionId', { name: 'ASC' }),
      organizationsOfMunicipality: groupLoader(dataSource, OrganizationEntity, 'municipalityId', {
        fullName: 'ASC',
      }),
    },
  };
}

export type RegistryContext = ReturnType<typeof createRegistryContext>;
