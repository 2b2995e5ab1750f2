import { Not } from 'typeorm';
import type { DataSource } from 'typeorm';
import { byIdLoader, groupLoader } from '@opora/database';
import type { BaseContext } from '@opora/subgraph-server';

import { MunicipalityEntity } from './modules/municipality/municipality.entity';
import { MunicipalityService } from './modules/municipality/municipality.service';
import { AdministrativeOrderEntity } from './modules/order/order.entity';
import { OrderService } from './modules/order/order.service';
import { OrganizationEntity } from './modules/organization/organization.entity';
import { OrganizationService } from './modules/organization/organization.service';
import { OrganizationImportService } from './modules/organization-import/organization-import.service';
import { ProgrammeEntity } from './modules/programme/programme.entity';
import { ProgrammeService } from './modules/programme/programme.service';
import { RegionEntity } from './modules/region/region.entity';
import { RegionService } from './modules/region/region.service';
import { PersonEntity } from './modules/status/person.entity';
import type { Today } from './modules/status/status-clock';
import { StatusAssignmentEntity } from './modules/status/status.entity';
import { statusCountsLoader, statusesHeldOnLoader } from './modules/status/status.loaders';
import { StatusService } from './modules/status/status.service';

const notSuperseded = { state: Not('SUPERSEDED' as const) };

/** Per-request context: services, and DataLoaders that live for one request only. */
export function createRegistryContext(base: BaseContext, dataSource: DataSource, today?: Today) {
  return {
    ...base,
    services: {
      regions: new RegionService(dataSource),
      municipalities: new MunicipalityService(dataSource),
      organizations: new OrganizationService(dataSource),
      orders: new OrderService(dataSource),
      programmes: new ProgrammeService(dataSource),
      statuses: new StatusService(dataSource, today),
      organizationImport: new OrganizationImportService(dataSource),
    },
    loaders: {
      region: byIdLoader(dataSource, RegionEntity),
      municipality: byIdLoader(dataSource, MunicipalityEntity),
      organization: byIdLoader(dataSource, OrganizationEntity),
      order: byIdLoader(dataSource, AdministrativeOrderEntity),
      programme: byIdLoader(dataSource, ProgrammeEntity),
      status: byIdLoader(dataSource, StatusAssignmentEntity),
      person: byIdLoader(dataSource, PersonEntity),
      municipalitiesOfRegion: groupLoader(dataSource, MunicipalityEntity, 'regionId', { name: 'ASC' }),
      organizationsOfMunicipality: groupLoader(dataSource, OrganizationEntity, 'municipalityId', {
        fullName: 'ASC',
      }),
      programmesOfRegion: groupLoader(dataSource, ProgrammeEntity, 'regionId', { startsOn: 'ASC' }),
      programmesApprovedByOrder: groupLoader(dataSource, ProgrammeEntity, 'approvingOrderId', {
        startsOn: 'ASC',
      }),
      statusesOfProgramme: groupLoader(
        dataSource,
        StatusAssignmentEntity,
        'programmeId',
        { validFrom: 'ASC' },
        notSuperseded,
      ),
      statusesAssignedByOrder: groupLoader(
        dataSource,
        StatusAssignmentEntity,
        'assigningOrderId',
        { validFrom: 'ASC' },
        notSuperseded,
      ),
      statusesEndedByOrder: groupLoader(
        dataSource,
        StatusAssignmentEntity,
        'endingOrderId',
        { validFrom: 'ASC' },
        notSuperseded,
      ),
      statusHistory: groupLoader(dataSource, StatusAssignmentEntity, 'organizationId', {
        validFrom: 'ASC',
        createdAt: 'ASC',
      }),
      statusCorrections: groupLoader(dataSource, StatusAssignmentEntity, 'supersedesId', {
        createdAt: 'ASC',
      }),
      statusesHeldOn: statusesHeldOnLoader(dataSource),
      statusCounts: statusCountsLoader(dataSource),
    },
  };
}

export type RegistryContext = ReturnType<typeof createRegistryContext>;

/**
 * After a write, what the request's loaders hold may be stale (a mutation checks access by loading
 * the record it then changes): they are emptied, so the mutation's answer reads the new state.
 */
export function forgetLoaded(ctx: RegistryContext): void {
  for (const loader of Object.values(ctx.loaders)) loader.clearAll();
}
