import { In } from 'typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { StatusKind } from '@opora/event-contracts';

import {
  ProjectedMunicipality,
  ProjectedOrganization,
  ProjectedRegion,
  ProjectedStatus,
} from './projection.entities';

/** Where a record lives, for access checks (the kit's access helpers take this shape). */
export interface ProjectedPlace {
  regionId: string;
  regionCode: string | null;
  municipalityId: string;
  organizationId: string;
}

/**
 * Reads of the registry projection: what a service needs to judge its own rules (did this school
 * hold that status on those dates? where is it?) without calling the registry.
 *
 * Dates are calendar dates of the region (ISO `YYYY-MM-DD`). A status holds on day `d` when
 * `validFrom <= d`, `d <= validTo` (if set) and `d < endedOn` (if ended); superseded records are
 * replaced by their corrections (docs/domain.md, «Dates, names and numbers»).
 */
export class RegistryProjection {
  constructor(private readonly source: DataSource | EntityManager) {}

  private get manager(): EntityManager {
    return 'manager' in this.source ? this.source.manager : this.source;
  }

  organization(id: string): Promise<ProjectedOrganization | null> {
    return this.manager.getRepository(ProjectedOrganization).findOneBy({ id });
  }

  organizations(ids: readonly string[]): Promise<ProjectedOrganization[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.manager.getRepository(ProjectedOrganization).findBy({ id: In([...ids]) });
  }

  organizationByOgrn(ogrn: string): Promise<ProjectedOrganization | null> {
    return this.manager.getRepository(ProjectedOrganization).findOneBy({ ogrn });
  }

  region(id: string): Promise<ProjectedRegion | null> {
    return this.manager.getRepository(ProjectedRegion).findOneBy({ id });
  }

  municipality(id: string): Promise<ProjectedMunicipality | null> {
    return this.manager.getRepository(ProjectedMunicipality).findOneBy({ id });
  }

  /** The organization's place, or null when the registry has not announced it (yet). */
  async placeOf(organizationId: string): Promise<ProjectedPlace | null> {
    const rows: { region_id: string; code: string | null; municipality_id: string }[] =
      await this.manager.query(
        `select o.region_id, r.code, o.municipality_id
         from projected_organization o left join projected_region r on r.id = o.region_id
        where o.id = $1`,
        [organizationId],
      );
    const row = rows[0];
    return row
      ? {
          regionId: row.region_id,
          regionCode: row.code,
          municipalityId: row.municipality_id,
          organizationId,
        }
      : null;
  }

  /** Statuses (of the given kinds) the organization held on a day. */
  statusesHeldOn(
    organizationId: string,
    day: string,
    kinds?: readonly StatusKind[],
  ): Promise<ProjectedStatus[]> {
    return this.statusesHeldThroughout(organizationId, day, day, kinds);
  }

  /**
   * Statuses (of the given kinds) that the organization held on every day from `from` to `to`
   * (`to` null: from `from` on with no end, so only a status without an end qualifies).
   */
  statusesHeldThroughout(
    organizationId: string,
    from: string,
    to: string | null,
    kinds?: readonly StatusKind[],
  ): Promise<ProjectedStatus[]> {
    const query = this.manager
      .getRepository(ProjectedStatus)
      .createQueryBuilder('s')
      .where('s.organization_id = :organizationId', { organizationId })
      .andWhere(`s.state <> 'SUPERSEDED'`)
      .andWhere('s.valid_from <= :from', { from })
      .orderBy('s.valid_from', 'ASC');
    if (to === null) query.andWhere('s.valid_to is null').andWhere('s.ended_on is null');
    else
      query
        .andWhere('(s.valid_to is null or s.valid_to >= :to)', { to })
        .andWhere('(s.ended_on is null or s.ended_on > :to)', { to });
    if (kinds?.length) query.andWhere('s.kind in (:...kinds)', { kinds: [...kinds] });
    return query.getMany();
  }

  /** Every status record of the organization, oldest first, corrections included. */
  statusHistory(organizationId: string): Promise<ProjectedStatus[]> {
    return this.manager
      .getRepository(ProjectedStatus)
      .find({ where: { organizationId }, order: { validFrom: 'ASC', id: 'ASC' } });
  }
}
