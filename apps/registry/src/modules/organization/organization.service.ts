import { randomUUID } from 'node:crypto';

import type { DataSource, EntityManager } from 'typeorm';
import { entityRows, inTransaction, oncePerDataSource, positionalStatement } from '@opora/database';
import type { organizationFields } from '@opora/event-contracts';

import type { Actor } from '@opora/service-kit';
import { announce } from '@opora/service-kit';
import { recordAudit } from '@opora/service-kit';
import { AuditEntryEntity } from '@opora/service-kit';
import { mapConstraintViolations } from '@opora/service-kit';
import { searchKey, searchPatterns } from '@opora/service-kit';
import { keysetConnection, paginate } from '@opora/subgraph-server';
import type { Connection, PageArgs } from '@opora/subgraph-server';
import { MunicipalityEntity } from '../municipality/municipality.entity';
import { regionCodeOf } from '../region/region-access';
import { RegionEntity } from '../region/region.entity';
import { OrganizationEntity } from './organization.entity';
import { OrganizationError } from './organization.errors';
import type {
  CorrectOrganizationInput,
  OrganizationsFilter,
  RegisterOrganizationInput,
} from './organization.inputs';

const correctable = ['fullName', 'shortName', 'inn', 'ogrn', 'address', 'locality', 'headName'] as const;

const ogrnTaken = (ogrn: string | null) =>
  new OrganizationError('OGRN_TAKEN', `Организация с ОГРН ${ogrn} уже есть в реестре`, 'input.ogrn');
const innTaken = (inn: string | null) =>
  new OrganizationError('INN_TAKEN', `Организация с ИНН ${inn} уже есть в реестре`, 'input.inn');

/** The organization as its events carry it (`registry.organization.created|updated`). */
export const organizationEventData = (
  o: Pick<
    OrganizationEntity,
    'id' | 'municipalityId' | 'regionId' | 'kind' | 'fullName' | 'shortName' | 'inn' | 'ogrn'
  >,
) => ({
  organizationId: o.id,
  municipalityId: o.municipalityId,
  regionId: o.regionId,
  kind: o.kind,
  fullName: o.fullName,
  shortName: o.shortName,
  inn: o.inn,
  ogrn: o.ogrn,
});

export const organizationSearchKey = (
  o: Pick<OrganizationEntity, 'fullName' | 'shortName' | 'inn' | 'ogrn' | 'locality'>,
) => searchKey(o.fullName, o.shortName, o.inn, o.ogrn, o.locality);

type ListStatement = ReturnType<typeof positionalStatement>;
interface ListStatements {
  rows: ListStatement;
  rowsAfter: ListStatement;
  count: ListStatement;
}

/**
 * The organizations list's reader and its statements, written once per shape of the conditions
 * (which filters are given, the caller's scope) and kept for the process (docs/decisions.md §80).
 */
const listReading = oncePerDataSource((dataSource) => {
  const organizationRows = entityRows(dataSource, OrganizationEntity);
  const byShape = new Map<string, ListStatements>();
  const statementsOf = (conditions: string[], joinMunicipality: boolean): ListStatements => {
    const where = conditions.length ? conditions.map((c) => `(${c})`).join(' and ') : 'true';
    const key = `${joinMunicipality}|${where}`;
    let statements = byShape.get(key);
    if (!statements) {
      const from = `from organization o${joinMunicipality ? ' join municipality m on m.id = o.municipality_id' : ''}`;
      const select = `select ${organizationRows.columns('o')} ${from}`;
      statements = {
        rows: positionalStatement(`${select} where ${where} order by o.full_name, o.id limit :limit`),
        rowsAfter: positionalStatement(
          `${select} where ${where} and (o.full_name, o.id) > (:afterName, :afterId) order by o.full_name, o.id limit :limit`,
        ),
        count: positionalStatement(`select count(*)::int as n ${from} where ${where}`),
      };
      byShape.set(key, statements);
    }
    return statements;
  };
  return { organizationRows, statementsOf };
});

export class OrganizationService {
  constructor(private readonly dataSource: DataSource) {}

  /** Registers an organization and announces `registry.organization.created` in the same transaction. */
  register(input: RegisterOrganizationInput, actor: Actor): Promise<OrganizationEntity> {
    if (input.authorityLevel && input.kind !== 'EDUCATION_AUTHORITY')
      throw new OrganizationError(
        'AUTHORITY_LEVEL_MISPLACED',
        'Уровень (региональный или муниципальный) указывается только для органа управления образованием',
        'input.authorityLevel',
      );
    return mapConstraintViolations(
      () =>
        inTransaction(this.dataSource, async (manager) => {
          const municipality = await manager
            .getRepository(MunicipalityEntity)
            .findOneBy({ id: input.municipalityId });
          if (!municipality) {
            throw new OrganizationError(
              'MUNICIPALITY_NOT_FOUND',
              'Муниципальное образование не найдено',
              'input.municipalityId',
            );
          }
          const region = await manager
            .getRepository(RegionEntity)
            .findOneByOrFail({ id: municipality.regionId });
          const repository = manager.getRepository(OrganizationEntity);
          if (input.ogrn && (await repository.exists({ where: { ogrn: input.ogrn } })))
            throw ogrnTaken(input.ogrn);
          if (input.inn && (await repository.exists({ where: { inn: input.inn } })))
            throw innTaken(input.inn);
          const organization = await repository.save(
            repository.create({
              id: randomUUID(),
              regionId: region.id,
              ...input,
              authorityLevel:
                input.kind === 'EDUCATION_AUTHORITY' ? (input.authorityLevel ?? 'MUNICIPAL') : null,
              searchKey: organizationSearchKey(input),
              updatedAt: new Date(),
            }),
          );
          await announce(manager, actor, {
            regionCode: await regionCodeOf(manager, region.id),
            type: 'registry.organization.created',
            subject: organization.id,
            data: organizationEventData(organization),
          });
          await recordAudit(manager, {
            organizationId: organization.id,
            entityType: 'ORGANIZATION',
            entityId: organization.id,
            action: 'REGISTERED',
            actor,
            changes: { ...input },
          });
          return organization;
        }),
      { organization_ogrn: () => ogrnTaken(input.ogrn), organization_inn: () => innTaken(input.inn) },
    );
  }

  /**
   * Corrects an organization's requisites. The previous values stay in the audit trail with the
   * reason, and `registry.organization.updated` names the changed fields.
   */
  correct(input: CorrectOrganizationInput, actor: Actor): Promise<OrganizationEntity> {
    return mapConstraintViolations(
      () =>
        inTransaction(this.dataSource, async (manager) => {
          const repository = manager.getRepository(OrganizationEntity);
          const organization = await repository.findOne({
            where: { id: input.organizationId },
            lock: { mode: 'pessimistic_write' },
          });
          if (!organization)
            throw new OrganizationError(
              'ORGANIZATION_NOT_FOUND',
              'Организация не найдена',
              'input.organizationId',
            );
          const changes: Record<string, { from: unknown; to: unknown }> = {};
          for (const field of correctable) {
            const value = input[field];
            if (value !== undefined && value !== organization[field])
              changes[field] = { from: organization[field], to: value };
          }
          const changed = Object.keys(changes) as (typeof correctable)[number][];
          if (changed.length === 0)
            throw new OrganizationError(
              'NOTHING_TO_CORRECT',
              'Исправление не меняет ни одного поля организации',
              'input',
            );
          if (changes.ogrn && input.ogrn && (await repository.exists({ where: { ogrn: input.ogrn } })))
            throw ogrnTaken(input.ogrn);
          if (changes.inn && input.inn && (await repository.exists({ where: { inn: input.inn } })))
            throw innTaken(input.inn);
          for (const field of changed) Object.assign(organization, { [field]: changes[field].to });
          organization.searchKey = organizationSearchKey(organization);
          organization.updatedAt = new Date();
          await repository.save(organization);
          await this.announceUpdate(manager, organization, changed, input.reason, actor);
          await recordAudit(manager, {
            organizationId: organization.id,
            entityType: 'ORGANIZATION',
            entityId: organization.id,
            action: 'CORRECTED',
            actor,
            reason: input.reason,
            changes,
          });
          return organization;
        }),
      {
        organization_ogrn: () => ogrnTaken(input.ogrn ?? null),
        organization_inn: () => innTaken(input.inn ?? null),
      },
    );
  }

  private async announceUpdate(
    manager: EntityManager,
    organization: OrganizationEntity,
    changed: (typeof organizationFields)[number][],
    reason: string | null,
    actor: Actor,
  ): Promise<void> {
    await announce(manager, actor, {
      regionCode: await regionCodeOf(manager, organization.regionId),
      type: 'registry.organization.updated',
      subject: organization.id,
      data: { ...organizationEventData(organization), changed, reason },
    });
  }

  /**
   * Organizations by region, municipality, kind, name and status held on a date, as a cursor
   * connection ordered by full name. Every condition is one indexed predicate of one statement.
   * The statements are SQL text written once per shape of the filter and the caller's scope, the
   * rows hydrated as `find` does: TypeORM's query builder cost more CPU on a page of 100 than the
   * database (docs/decisions.md §80).
   */
  list(
    filter: OrganizationsFilter,
    page: PageArgs,
    scope: { sql: string; params: Record<string, string> } | null,
  ): Promise<Connection<OrganizationEntity>> {
    const conditions: string[] = [];
    const params: Record<string, unknown> = {};
    if (scope) {
      conditions.push(scope.sql);
      Object.assign(params, scope.params);
    }
    if (filter.regionId) {
      conditions.push('o.region_id = :regionId');
      params.regionId = filter.regionId;
    }
    if (filter.municipalityId) {
      conditions.push('o.municipality_id = :municipalityId');
      params.municipalityId = filter.municipalityId;
    }
    if (filter.kind) {
      conditions.push('o.kind = :kind');
      params.kind = filter.kind;
    }
    // Each word matches the organization's own key (names, INN, OGRN, locality) or its
    // municipality's name: officials type «Приозёрский сош» (docs/decisions.md §34).
    const patterns = searchPatterns(filter.search ?? '');
    patterns.forEach((pattern, index) => {
      conditions.push(
        `((' ' || o.search_key || ' ') like :pattern${index} or (' ' || m.search_key || ' ') like :pattern${index})`,
      );
      params[`pattern${index}`] = pattern;
    });
    if (filter.holdsStatus) {
      conditions.push(
        `exists (select 1 from status_assignment s where s.organization_id = o.id and s.kind = :statusKind
           and s.state <> 'SUPERSEDED' and s.held @> cast(:activeOn as date))`,
      );
      params.statusKind = filter.holdsStatus.kind;
      params.activeOn = filter.holdsStatus.activeOn;
    }
    const { organizationRows, statementsOf } = listReading(this.dataSource);
    const statements = statementsOf(conditions, patterns.length > 0);
    const run = async (statement: ListStatement, extra: Record<string, unknown> = {}) =>
      (await this.dataSource.query(statement.text, statement.values({ ...params, ...extra }))) as Record<
        string,
        unknown
      >[];
    return keysetConnection(
      {
        rows: async (limit, after) =>
          (after
            ? await run(statements.rowsAfter, { limit, afterName: after.value, afterId: after.id })
            : await run(statements.rows, { limit })
          ).map(organizationRows.hydrate),
        count: async () => (await run(statements.count))[0].n as number,
      },
      page,
      (o) => o.fullName,
    );
  }

  /** The organization's audit trail, newest first. */
  auditTrail(organizationId: string, page: PageArgs): Promise<Connection<AuditEntryEntity>> {
    return paginate(
      this.dataSource
        .getRepository(AuditEntryEntity)
        .createQueryBuilder('a')
        .where('a.organization_id = :organizationId', { organizationId }),
      page,
      { column: 'a.id', value: (entry) => entry.id, direction: 'DESC' },
    );
  }
}
