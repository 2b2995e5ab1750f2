import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';

import type { DataSource } from 'typeorm';

import { systemActor } from '@opora/service-kit';
import { RegionEntity } from '../region/region.entity';
import { OrganizationImportError } from './organization-import.errors';
import type { ImportOrganizationsRequest } from './organization-import.inputs';
import { OrganizationImportService } from './organization-import.service';
import type { OrganizationImportReport } from './organization-import.service';

export interface ImportFromFileOptions extends Partial<
  Omit<ImportOrganizationsRequest, 'file' | 'regionId'>
> {
  /** Path of a CSV or XLSX file. */
  file: string;
  /** The region by id, or by its two-digit code ("77"). */
  regionId?: string;
  regionCode?: string;
  requestId?: string;
}

/**
 * Imports a file from disk into the registry's database (the CLI and the demo-data loader): the
 * same service as the `importOrganizations` mutation, with its defaults (ALL_OR_NOTHING, encoding
 * detected, municipalities not created unless asked).
 */
export async function importOrganizationsFromFile(
  dataSource: DataSource,
  options: ImportFromFileOptions,
): Promise<OrganizationImportReport> {
  const regionId = options.regionId ?? (await regionIdByCode(dataSource, options.regionCode));
  return new OrganizationImportService(dataSource).import(
    {
      regionId,
      file: await readFile(options.file),
      fileName: options.fileName ?? basename(options.file),
      format: options.format,
      encoding: options.encoding ?? 'auto',
      sheet: options.sheet,
      columns: options.columns ?? {},
      mode: options.mode ?? 'ALL_OR_NOTHING',
      kind: options.kind,
      createMissingMunicipalities: options.createMissingMunicipalities ?? false,
      dryRun: options.dryRun ?? false,
    },
    { ...systemActor('import-cli'), requestId: options.requestId },
  );
}

async function regionIdByCode(dataSource: DataSource, code: string | undefined): Promise<string> {
  const region = code ? await dataSource.getRepository(RegionEntity).findOneBy({ code }) : null;
  if (!region)
    throw new OrganizationImportError(
      'REGION_NOT_FOUND',
      code ? `Регион с кодом ${code} не найден` : 'Регион не указан',
      'input.regionId',
    );
  return region.id;
}
