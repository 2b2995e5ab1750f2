import { randomUUID } from 'node:crypto';

import type { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '@opora/database';
import { organizationFields } from '@opora/event-contracts';
import type { Actor } from '@opora/service-kit';
import { systemActor } from '@opora/service-kit';
import { nameKey } from '@opora/service-kit';
import { readTable, resolveColumns, TabularError } from '@opora/tabular-import';
import type { Table } from '@opora/tabular-import';

import { MunicipalityEntity } from '../municipality/municipality.entity';
import { insertMunicipality } from '../municipality/municipality.service';
import { OrganizationEntity } from '../organization/organization.entity';
import { RegionEntity } from '../region/region.entity';
import { inputFieldOf, OrganizationImportError } from './organization-import.errors';
import { importFields } from './organization-import.fields';
import type { ImportField } from './organization-import.fields';
import type { ImportMode, ImportOrganizationsRequest } from './organization-import.inputs';
import { rejectDuplicates, rejection, validateRows } from './organization-import.rows';
import type { RowRejection, ValidRow } from './organization-import.rows';
import { OrganizationWriteBatch, upsertOrganizationRow } from './organization-write-batch';
import type { OrganizationChange } from './organization-write-batch';

export interface ImportedRow {
  row: number;
  /** Null for a new organization in a dry run (no id is given before it is written). */
  organizationId: string | null;
  action: 'CREATED' | 'UPDATED' | 'UNCHANGED';
  ogrn: string | null;
  inn: string | null;
}

export interface OrganizationImportReport {
  outcome: 'APPLIED' | 'DRY_RUN' | 'REJECTED';
  mode: ImportMode;
  format: 'CSV' | 'XLSX';
  encoding: 'UTF8' | 'WINDOWS_1251' | null;
  totals: { rows: number; created: number; updated: number; unchanged: number; rejected: number };
  municipalitiesCreated: string[];
  accepted: ImportedRow[];
  rejected: RowRejection[];
}

/** More rows than any region has organizations: a file this long is a mistake, not a registry. */
export const MAX_IMPORT_ROWS = 100_000;

/** Rows of one bulk look-up `= any($1)`. */
const LOOKUP_CHUNK = 2000;

/** Serialises imports against each other: two imports of one file must not both plan an insert. */
const IMPORT_LOCK = `select pg_advisory_xact_lock(hashtext('registry.organization-import'))`;

/**
 * Bulk import of a region's organizations from an authority's CSV or XLSX file: upsert by OGRN,
 * else by INN, every created or updated organization announced in the same transaction. Rows are
 * validated before anything is written (check digits, duplicates in the file, OGRN and INN of two
 * different organizations, unknown municipalities), so PER_ROW writes the good rows in one
 * transaction and ALL_OR_NOTHING writes nothing when any row is rejected.
 */
export class OrganizationImportService {
  constructor(private readonly dataSource: DataSource) {}

  async import(
    request: ImportOrganizationsRequest,
    actor: Actor = systemActor('import'),
  ): Promise<OrganizationImportReport> {
    const table = await readFile(request);
    const columns = resolveImportColumns(table, request.columns);
    const validated = validateRows(table.rows, columns);
    const deduplicated = rejectDuplicates(validated.valid, columns);
    const rejected = [...validated.rejected, ...deduplicated.rejected];

    return inTransaction(this.dataSource, async (manager) => {
      await manager.query(IMPORT_LOCK);
      const region = await manager.getRepository(RegionEntity).findOneBy({ id: request.regionId });
      if (!region)
        throw new OrganizationImportError('REGION_NOT_FOUND', 'Регион не найден', 'input.regionId');
      const municipalities = await municipalitiesByKey(manager, region.id);
      const existing = await existingOrganizations(manager, deduplicated.unique);

      const missingMunicipalities = new Map<string, string>();
      const planned: { row: ValidRow; change: OrganizationChange | null; organizationId: string }[] = [];
      const matchedBy = new Map<string, number>();
      for (const row of deduplicated.unique) {
        const key = nameKey(row.municipality);
        let municipalityId = municipalities.get(key)?.id;
        if (!municipalityId) {
          if (!request.createMissingMunicipalities) {
            rejected.push(
              rejection(
                row.row,
                'municipality',
                columns,
                'MUNICIPALITY_NOT_FOUND',
                `В регионе нет муниципального образования «${row.municipality}»; создайте его или разрешите импорту создавать недостающие`,
              ),
            );
            continue;
          }
          if (!missingMunicipalities.has(key)) missingMunicipalities.set(key, row.municipality);
          municipalityId = `new:${key}`;
        }
        const decision = decide(row, municipalityId, region, existing, request, columns);
        if ('rejection' in decision) {
          rejected.push(decision.rejection);
          continue;
        }
        const earlier = matchedBy.get(decision.organizationId);
        if (earlier !== undefined) {
          rejected.push(
            rejection(
              row.row,
              row.ogrn ? 'ogrn' : 'inn',
              columns,
              'DUPLICATE_IN_FILE',
              `Строка относится к той же организации реестра, что и строка ${earlier}`,
            ),
          );
          continue;
        }
        matchedBy.set(decision.organizationId, row.row);
        planned.push({ row, ...decision });
      }
      rejected.sort((a, b) => a.row - b.row);

      const refused = request.mode === 'ALL_OR_NOTHING' && rejected.length > 0;
      const report = (outcome: OrganizationImportReport['outcome'], accepted: ImportedRow[]) =>
        buildReport(
          table,
          request.mode,
          outcome,
          accepted,
          rejected,
          refused ? [] : [...missingMunicipalities.values()],
        );
      if (refused) return report('REJECTED', []);
      if (request.dryRun)
        return report(
          'DRY_RUN',
          planned.map(({ row, change, organizationId }) =>
            acceptedRow(row, change, change?.action === 'CREATED' ? null : organizationId),
          ),
        );

      const createdIds = new Map<string, string>();
      for (const [key, name] of missingMunicipalities) {
        const municipality = await insertMunicipality(manager, region, { name, oktmo: null }, actor);
        createdIds.set(`new:${key}`, municipality.id);
      }
      const batch = new OrganizationWriteBatch(manager, region, actor);
      for (const { change } of planned) {
        if (!change) continue;
        const municipalityId = createdIds.get(change.organization.municipalityId);
        if (municipalityId) change.organization.municipalityId = municipalityId;
        upsertOrganizationRow(batch, change);
        await batch.flushWhenFull();
      }
      await batch.flush();
      return report(
        'APPLIED',
        planned.map(({ row, change, organizationId }) => acceptedRow(row, change, organizationId)),
      );
    });
  }
}

async function readFile(request: ImportOrganizationsRequest): Promise<Table> {
  try {
    const table = await readTable(request.file, {
      fileName: request.fileName,
      format: request.format,
      encoding: request.encoding,
      sheet: request.sheet,
    });
    if (table.rows.length > MAX_IMPORT_ROWS)
      throw new OrganizationImportError(
        'TOO_MANY_ROWS',
        `В файле ${table.rows.length} строк; за один импорт — не больше ${MAX_IMPORT_ROWS}`,
        inputFieldOf('TOO_MANY_ROWS'),
      );
    return table;
  } catch (error) {
    throw error instanceof TabularError ? fileError(error) : error;
  }
}

function resolveImportColumns(table: Table, mapping: ImportOrganizationsRequest['columns']) {
  try {
    const columns = resolveColumns(table, importFields, mapping);
    if (!columns.ogrn && !columns.inn)
      throw new TabularError(
        'MISSING_COLUMN',
        'Нет столбца «ОГРН» или «ИНН»: по ним организации находятся в реестре',
        {
          row: 1,
          column: 'ОГРН',
        },
      );
    return columns;
  } catch (error) {
    throw error instanceof TabularError ? fileError(error) : error;
  }
}

/** A file-level problem as a client error: code, the input field, and where in the file. */
function fileError(error: TabularError): OrganizationImportError {
  return new OrganizationImportError(error.code, error.message, inputFieldOf(error.code), {
    ...(error.where.row !== undefined ? { row: error.where.row } : {}),
    ...(error.where.column !== undefined ? { column: error.where.column } : {}),
  });
}

async function municipalitiesByKey(manager: EntityManager, regionId: string) {
  const list = await manager.getRepository(MunicipalityEntity).findBy({ regionId });
  return new Map(list.map((m) => [m.nameKey, m]));
}

interface ExistingOrganizations {
  byOgrn: Map<string, OrganizationEntity>;
  byInn: Map<string, OrganizationEntity>;
}

/** Organizations already registered under the rows' OGRNs or INNs: one statement per 2,000 rows. */
async function existingOrganizations(
  manager: EntityManager,
  rows: ValidRow[],
): Promise<ExistingOrganizations> {
  const found: ExistingOrganizations = { byOgrn: new Map(), byInn: new Map() };
  for (let start = 0; start < rows.length; start += LOOKUP_CHUNK) {
    const chunk = rows.slice(start, start + LOOKUP_CHUNK);
    const organizations = await manager
      .getRepository(OrganizationEntity)
      .createQueryBuilder('o')
      .where('o.ogrn = any(:ogrns) or o.inn = any(:inns)', {
        ogrns: chunk.flatMap((r) => (r.ogrn ? [r.ogrn] : [])),
        inns: chunk.flatMap((r) => (r.inn ? [r.inn] : [])),
      })
      .getMany();
    for (const organization of organizations) {
      if (organization.ogrn) found.byOgrn.set(organization.ogrn, organization);
      if (organization.inn) found.byInn.set(organization.inn, organization);
    }
  }
  return found;
}

type Decision = { change: OrganizationChange | null; organizationId: string } | { rejection: RowRejection };

/** New, changed or unchanged — or rejected when OGRN and INN name two organizations or another region's. */
function decide(
  row: ValidRow,
  municipalityId: string,
  region: RegionEntity,
  existing: ExistingOrganizations,
  request: ImportOrganizationsRequest,
  columns: Partial<Record<ImportField, string>>,
): Decision {
  const byOgrn = row.ogrn ? existing.byOgrn.get(row.ogrn) : undefined;
  const byInn = row.inn ? existing.byInn.get(row.inn) : undefined;
  if (byOgrn && byInn && byOgrn.id !== byInn.id)
    return {
      rejection: rejection(
        row.row,
        'inn',
        columns,
        'OGRN_INN_CONFLICT',
        `ОГРН ${row.ogrn} принадлежит одной организации реестра («${byOgrn.fullName}»), а ИНН ${row.inn} — другой («${byInn.fullName}»)`,
      ),
    };
  const match = byOgrn ?? byInn;
  if (!match) {
    const organization = {
      id: randomUUID(),
      municipalityId,
      regionId: region.id,
      kind: request.kind ?? 'SCHOOL',
      fullName: row.fullName,
      shortName: row.shortName ?? null,
      inn: row.inn ?? null,
      ogrn: row.ogrn ?? null,
      address: row.address ?? null,
      locality: row.locality ?? null,
      headName: row.headName ?? null,
    };
    return { change: { action: 'CREATED', organization }, organizationId: organization.id };
  }
  if (match.regionId !== region.id)
    return {
      rejection: rejection(
        row.row,
        byOgrn ? 'ogrn' : 'inn',
        columns,
        'ORGANIZATION_IN_OTHER_REGION',
        `Организация с ${byOgrn ? `ОГРН ${row.ogrn}` : `ИНН ${row.inn}`} уже внесена в реестр другого региона`,
      ),
    };
  // Empty cells and absent columns keep what the registry has: a short file must not erase data.
  const after = {
    id: match.id,
    municipalityId,
    regionId: match.regionId,
    kind: request.kind ?? match.kind,
    fullName: row.fullName,
    shortName: row.shortName ?? match.shortName,
    inn: row.inn ?? match.inn,
    ogrn: row.ogrn ?? match.ogrn,
    address: row.address ?? match.address,
    locality: row.locality ?? match.locality,
    headName: row.headName ?? match.headName,
  };
  const changed = organizationFields.filter((field) => after[field] !== match[field]);
  if (changed.length === 0) return { change: null, organizationId: match.id };
  return { change: { action: 'UPDATED', organization: after, changed }, organizationId: match.id };
}

function acceptedRow(
  row: ValidRow,
  change: OrganizationChange | null,
  organizationId: string | null,
): ImportedRow {
  return {
    row: row.row,
    organizationId,
    action: change?.action ?? 'UNCHANGED',
    ogrn: row.ogrn ?? null,
    inn: row.inn ?? null,
  };
}

function buildReport(
  table: Table,
  mode: ImportMode,
  outcome: OrganizationImportReport['outcome'],
  accepted: ImportedRow[],
  rejected: RowRejection[],
  municipalitiesCreated: string[],
): OrganizationImportReport {
  const count = (action: ImportedRow['action']) => accepted.filter((row) => row.action === action).length;
  return {
    outcome,
    mode,
    format: table.format === 'xlsx' ? 'XLSX' : 'CSV',
    encoding: table.encoding === 'utf8' ? 'UTF8' : table.encoding === 'windows-1251' ? 'WINDOWS_1251' : null,
    totals: {
      rows: table.rows.length,
      created: count('CREATED'),
      updated: count('UPDATED'),
      unchanged: count('UNCHANGED'),
      rejected: new Set(rejected.map((r) => r.row)).size,
    },
    municipalitiesCreated,
    accepted,
    rejected,
  };
}
