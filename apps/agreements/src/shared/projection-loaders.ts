import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { RegistryProjection } from '@opora/registry-projection';
import type { Place } from '@opora/service-kit';

/** An organization's place as the projection knows it. */
export type OrganizationPlace = Place & { regionId: string; municipalityId: string; organizationId: string };

/** Places of organizations from the registry projection, batched per request. */
export function projectedPlaceLoader(dataSource: DataSource): DataLoader<string, OrganizationPlace | null> {
  return new DataLoader<string, OrganizationPlace | null>(
    async (ids) => {
      const rows: { id: string; region_id: string; code: string | null; municipality_id: string }[] =
        await dataSource.query(
          `select o.id, o.region_id, r.code, o.municipality_id
             from projected_organization o left join projected_region r on r.id = o.region_id
            where o.id = any($1::uuid[])`,
          [ids],
        );
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => {
        const row = byId.get(id);
        return row
          ? {
              regionId: row.region_id,
              regionCode: row.code ?? undefined,
              municipalityId: row.municipality_id,
              organizationId: id,
            }
          : null;
      });
    },
    { maxBatchSize: 1000 },
  );
}

export const projectionOf = (dataSource: DataSource) => new RegistryProjection(dataSource);
