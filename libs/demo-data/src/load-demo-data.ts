import type { Execute } from './load-seed-documents';
import { loadSeedDocument } from './load-seed-documents';
import { loadPriozerskyEvents } from './priozersky-events';
import type { DemoEventsSummary } from './priozersky-events';
import { seedDocuments } from './seed-documents';

export interface DemoSummary {
  /** Records the seed documents added (0 when they were already there). */
  seedRecords: number;
  /** The Priozersky training site's events (events service). */
  events?: DemoEventsSummary;
  /** The Moscow open-data import, when the file was given. */
  moscow?: { rows: number; created: number; updated: number; unchanged: number; rejected: number };
}

/**
 * Demo data for a newcomer, entered through the public API: both seed documents as they are, and
 * the real Moscow open-data file (626 schools, okrugs as municipalities) imported by OGRN. Every
 * step looks up before it writes, so running it again adds nothing.
 */
export async function loadDemoData(
  execute: Execute,
  files: { moscowCsv?: { name: string; content: Buffer } } = {},
): Promise<DemoSummary> {
  let seedRecords = 0;
  for (const document of seedDocuments) seedRecords += (await loadSeedDocument(execute, document)).created;
  const events = await loadPriozerskyEvents(execute);
  if (!files.moscowCsv) return { seedRecords, events };

  const { regionByCode } = await execute<{ regionByCode: { id: string } | null }>(
    `query { regionByCode(code: "77") { id } }`,
  );
  const regionId =
    regionByCode?.id ??
    (
      await execute<{ createRegion: { id: string } }>(
        `mutation($input: CreateRegionInput!) { createRegion(input: $input) { id } }`,
        { input: { code: '77', name: 'Москва', timeZone: 'Europe/Moscow' } },
      )
    ).createRegion.id;
  const { importOrganizations } = await execute<{
    importOrganizations: { totals: NonNullable<DemoSummary['moscow']> };
  }>(
    `mutation($input: ImportOrganizationsInput!) {
       importOrganizations(input: $input) { totals { rows created updated unchanged rejected } } }`,
    {
      input: {
        regionId,
        fileName: files.moscowCsv.name,
        contentBase64: files.moscowCsv.content.toString('base64'),
        mode: 'PER_ROW',
        createMissingMunicipalities: true,
      },
    },
  );
  return { seedRecords, events, moscow: importOrganizations.totals };
}
