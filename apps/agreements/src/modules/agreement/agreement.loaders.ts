import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';

import { AgreementEntity } from './agreement.entity';

/**
 * Agreements of organizations, as leader or as supported school: one statement for every
 * organization of a request (1,000 organizations through the gateway are one `_entities` batch).
 */
export function agreementsOfOrganizationLoader(
  dataSource: DataSource,
): DataLoader<string, AgreementEntity[]> {
  return new DataLoader<string, AgreementEntity[]>(
    async (ids) => {
      const rows = await dataSource
        .getRepository(AgreementEntity)
        .createQueryBuilder('a')
        .where('a.leader_organization_id = any(:ids::uuid[]) or a.partner_organization_ids && :ids::uuid[]', {
          ids: [...ids],
        })
        .orderBy('a.valid_from', 'ASC')
        .addOrderBy('a.id', 'ASC')
        .getMany();
      const groups = new Map<string, AgreementEntity[]>(ids.map((id) => [id, []]));
      for (const row of rows) {
        groups.get(row.leaderOrganizationId)?.push(row);
        for (const partner of row.partnerOrganizationIds) groups.get(partner)?.push(row);
      }
      return ids.map((id) => groups.get(id) ?? []);
    },
    { maxBatchSize: 1000 },
  );
}
