import type { Execute } from './load-seed-documents';

/**
 * How the Moscow open-data file maps onto the monitoring indicators (docs/monitoring-formulas.md):
 * counts become shares; «PASSER_UNDER_160» holds those with AT LEAST 160 points, so the share below
 * 160 is its complement.
 */
export const moscowEgeMapping = {
  periodColumn: 'YEAR',
  values: [{ indicatorCode: 'EGE_THREE_SUBJECTS_PARTICIPANTS', column: 'PASSED_NUMBER_FULL' }],
  shares: [
    {
      indicatorCode: 'EGE_THREE_SUBJECTS_SHARE_HIGH',
      countColumn: 'PASSES_OVER_220',
      totalColumn: 'PASSED_NUMBER_FULL',
    },
    {
      indicatorCode: 'EGE_THREE_SUBJECTS_SHARE_BELOW_THRESHOLD',
      countColumn: 'PASSER_UNDER_160',
      totalColumn: 'PASSED_NUMBER_FULL',
      complement: true,
    },
  ],
};

interface ImportAnswer {
  importMeasurements: {
    outcome: 'APPLIED' | 'DRY_RUN' | 'REJECTED';
    totals: { rows: number; created: number; updated: number; unchanged: number; rejected: number };
  };
}

/**
 * The Moscow schools' ЕГЭ results of 2015–2016 as monitoring measurements of region 77, through the
 * gateway. The monitoring service learns of the schools from the registry's topic, a moment after
 * the registry imported them: a dry run is repeated until every OGRN is known there (up to
 * `waitMs`), then the file is imported. Importing it again changes nothing, so it runs on every
 * start. Returns the totals, or null when region 77 or its schools did not arrive in time.
 */
export async function loadMonitoringDemo(
  execute: Execute,
  moscowCsv: { name: string; content: Buffer },
  waitMs = 120_000,
): Promise<ImportAnswer['importMeasurements']['totals'] | null> {
  const { regionByCode } = await execute<{ regionByCode: { id: string } | null }>(
    `query { regionByCode(code: "77") { id } }`,
    {},
  );
  if (!regionByCode) return null;
  const input = {
    regionId: regionByCode.id,
    fileName: moscowCsv.name,
    contentBase64: moscowCsv.content.toString('base64'),
    ...moscowEgeMapping,
  };
  const mutation = `mutation($input: ImportMeasurementsInput!) {
    importMeasurements(input: $input) { outcome totals { rows created updated unchanged rejected } } }`;
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const dry = await execute<ImportAnswer>(mutation, { input: { ...input, dryRun: true } });
      if (dry.importMeasurements.outcome === 'DRY_RUN') break;
    } catch {
      // The region may not have reached the monitoring projection yet (FORBIDDEN for its code).
    }
    if (Date.now() > deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const { importMeasurements } = await execute<ImportAnswer>(mutation, { input });
  return importMeasurements.totals;
}
