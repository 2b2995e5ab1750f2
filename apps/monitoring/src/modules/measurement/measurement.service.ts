import type { DataSource, EntityManager } from 'typeorm';
import { ProjectedOrganization } from '@opora/registry-projection';
import type { Actor } from '@opora/service-kit';
import { recordAudit } from '@opora/service-kit';
import { mapRow, readTable, resolveColumns, TabularError } from '@opora/tabular-import';
import type { FieldSpec, Table } from '@opora/tabular-import';

import { IndicatorEntity } from '../indicator/indicator.entity';
import { MeasurementEntity } from './measurement.entity';
import { MeasurementError } from './measurement.errors';
import type { ImportMeasurementsRequest, RecordMeasurementRequest } from './measurement.inputs';
import { isSchoolYear } from './measurement.inputs';

export type ImportRejectionCode =
  | 'ORGANIZATION_NOT_FOUND'
  | 'ORGANIZATION_IN_OTHER_REGION'
  | 'MISSING_VALUE'
  | 'MALFORMED_VALUE'
  | 'VALUE_OUT_OF_RANGE'
  | 'INVALID_PERIOD'
  | 'DUPLICATE_IN_FILE';

export interface RejectedMeasurementRow {
  row: number;
  column: string | null;
  field: string;
  code: ImportRejectionCode;
  message: string;
}

export interface MeasurementImportResult {
  outcome: 'APPLIED' | 'DRY_RUN' | 'REJECTED';
  totals: {
    rows: number;
    measurements: number;
    created: number;
    updated: number;
    unchanged: number;
    rejected: number;
  };
  periods: string[];
  indicatorCodes: string[];
  rejected: RejectedMeasurementRow[];
}

/** A value as it will be written: organization, indicator, period, value (4 decimals). */
interface PendingValue {
  organizationId: string;
  indicatorCode: string;
  period: string;
  value: number;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
/** A share in percent with two decimals, as the exam reports print it. */
const percent = (count: number, total: number) => Math.round((count / total) * 10_000) / 100;

/** Integers and decimals with a comma or a point; spaces as thousands separators. */
function parseNumber(text: string): number | null {
  const normalized = text.replace(/[\s\u00a0]/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(normalized)) return null;
  return Number(normalized);
}

const CHUNK = 1000;

/**
 * Measurements: entered one by one (a duplicate period is refused unless replacing) or imported
 * from a CSV/XLSX file, all or nothing, with a report per row (docs/decisions.md §66–67).
 */
export class MeasurementService {
  constructor(private readonly dataSource: DataSource) {}

  async record(input: RecordMeasurementRequest, actor: Actor): Promise<MeasurementEntity> {
    return this.dataSource.transaction(async (manager) => {
      const organization = await manager
        .getRepository(ProjectedOrganization)
        .findOneBy({ id: input.organizationId });
      if (!organization)
        throw new MeasurementError(
          'ORGANIZATION_NOT_FOUND',
          'Организация не найдена в реестре (или сведения о ней ещё не поступили в мониторинг)',
          'input.organizationId',
        );
      const indicator = await this.indicatorFor(manager, input.indicatorCode, 'input.indicatorCode');
      if (input.value < indicator.minValue || input.value > indicator.maxValue)
        throw new MeasurementError(
          'VALUE_OUT_OF_RANGE',
          `Значение ${input.value} вне допустимого для показателя «${indicator.name}»: от ${indicator.minValue} до ${indicator.maxValue}`,
          'input.value',
        );
      const repository = manager.getRepository(MeasurementEntity);
      const existing = await repository.findOneBy({
        organizationId: input.organizationId,
        indicatorCode: indicator.code,
        period: input.period,
      });
      if (existing && !input.replace)
        throw new MeasurementError(
          'MEASUREMENT_EXISTS',
          `Значение показателя «${indicator.name}» за ${input.period} уже внесено (${existing.value}); чтобы заменить его, укажите replace: true`,
          'input.period',
        );
      const saved = await repository.save({
        ...(existing ?? {}),
        organizationId: input.organizationId,
        indicatorCode: indicator.code,
        period: input.period,
        value: round4(input.value),
        source: 'MUTATION' as const,
        recordedAt: new Date(),
        recordedBy: actor.subject,
      });
      await recordAudit(manager, {
        organizationId: input.organizationId,
        entityType: 'MEASUREMENT',
        entityId: saved.id,
        action: existing ? 'REPLACED' : 'RECORDED',
        actor,
        changes: {
          indicator: indicator.code,
          period: input.period,
          value: saved.value,
          before: existing?.value ?? null,
        },
      });
      return saved;
    });
  }

  private async indicatorFor(manager: EntityManager, code: string, field: string): Promise<IndicatorEntity> {
    const indicator = await manager.getRepository(IndicatorEntity).findOneBy({ code });
    if (!indicator)
      throw new MeasurementError('INDICATOR_NOT_FOUND', `Показателя с кодом «${code}» нет в каталоге`, field);
    if (indicator.computed)
      throw new MeasurementError(
        'INDICATOR_COMPUTED',
        `Показатель «${indicator.name}» вычисляется из событий сети, его не вводят`,
        field,
      );
    return indicator;
  }

  /**
   * Imports a file of results: the organization by OGRN (in the given region), the school year from
   * a column or the input, and each mapped column as an indicator's value — as it is, or as a share
   * in percent of a count over a total (`complement`: 100 minus it). All or nothing: any rejected
   * row and nothing is written. Re-importing the same file changes nothing.
   */
  async import(input: ImportMeasurementsRequest, actor: Actor): Promise<MeasurementImportResult> {
    const indicators = new Map<string, IndicatorEntity>();
    const mapped = [
      ...input.values.map((v, i) => ({ code: v.indicatorCode, field: `input.values.${i}.indicatorCode` })),
      ...input.shares.map((s, i) => ({ code: s.indicatorCode, field: `input.shares.${i}.indicatorCode` })),
    ];
    for (const { code, field } of mapped)
      indicators.set(code, await this.indicatorFor(this.dataSource.manager, code, field));

    let table: Table;
    try {
      table = await readTable(input.file, { fileName: input.fileName, sheet: input.sheet });
    } catch (error) {
      if (error instanceof TabularError)
        throw new MeasurementError('IMPORT_FILE_UNREADABLE', error.message, 'input.contentBase64', {
          reason: error.code,
          ...(error.where.row !== undefined && { row: error.where.row }),
          ...(error.where.column !== undefined && { column: error.where.column }),
        });
      throw error;
    }

    const fields: Record<string, FieldSpec> = {
      ogrn: { synonyms: ['ОГРН', 'OGRN'], required: true },
      period: { synonyms: ['Учебный год', 'Период', 'YEAR', 'Год'], required: !input.period },
    };
    const mapping: Record<string, string> = {};
    if (input.organizationColumn) mapping.ogrn = input.organizationColumn;
    if (input.periodColumn) mapping.period = input.periodColumn;
    input.values.forEach((v, i) => {
      fields[`value${i}`] = { synonyms: [v.column], required: true };
    });
    input.shares.forEach((s, i) => {
      fields[`count${i}`] = { synonyms: [s.countColumn], required: true };
      fields[`total${i}`] = { synonyms: [s.totalColumn], required: true };
    });
    let columns: Partial<Record<string, string>>;
    try {
      columns = resolveColumns(table, fields, mapping);
    } catch (error) {
      if (error instanceof TabularError)
        throw new MeasurementError('IMPORT_FILE_UNREADABLE', error.message, 'input.columns', {
          reason: error.code,
          row: 1,
          column: error.where.column,
        });
      throw error;
    }

    const rows = table.rows.map((row) => ({ row: row.row, values: mapRow(row, columns) }));
    const ogrns = [...new Set(rows.map((r) => r.values.ogrn).filter((x): x is string => Boolean(x)))];
    // An OGRN names one organization in a region's registry; another region's record of the same
    // OGRN (a school that moved, a test region) is reported only when the region has none.
    const found: { id: string; ogrn: string; regionId: string }[] = await this.dataSource.query(
      `select id, ogrn, region_id as "regionId" from projected_organization where ogrn = any($1)
        order by (region_id = $2) asc`,
      [ogrns, input.regionId],
    );
    const organizations = new Map(found.map((o) => [o.ogrn, o]));

    const rejected: RejectedMeasurementRow[] = [];
    const pending: PendingValue[] = [];
    const seen = new Map<string, number>();
    const reject = (row: number, field: string, code: ImportRejectionCode, message: string) =>
      rejected.push({ row, column: columns[field] ?? null, field, code, message });

    for (const { row, values } of rows) {
      const before = rejected.length;
      const ogrn = values.ogrn;
      const organization = ogrn ? organizations.get(ogrn) : undefined;
      if (!ogrn) reject(row, 'ogrn', 'MISSING_VALUE', 'Не заполнен ОГРН');
      else if (!organization)
        reject(row, 'ogrn', 'ORGANIZATION_NOT_FOUND', `Организации с ОГРН ${ogrn} нет в реестре`);
      else if (organization.regionId !== input.regionId)
        reject(
          row,
          'ogrn',
          'ORGANIZATION_IN_OTHER_REGION',
          `Организация с ОГРН ${ogrn} внесена в реестр другого региона`,
        );
      const period = input.period ?? values.period;
      if (!period) reject(row, 'period', 'MISSING_VALUE', 'Не заполнен учебный год');
      else if (!isSchoolYear(period))
        reject(
          row,
          'period',
          'INVALID_PERIOD',
          `«${period}» — не учебный год: нужен ГГГГ-ГГГГ, например 2015-2016`,
        );

      const rowValues: { code: string; value: number; field: string }[] = [];
      const parsedColumns = new Map<string, number | null>();
      const number = (field: string, what: string): number | null => {
        const column = columns[field]!;
        if (parsedColumns.has(column)) return parsedColumns.get(column)!;
        const parsed = parseField(field, what);
        parsedColumns.set(column, parsed);
        return parsed;
      };
      const parseField = (field: string, what: string): number | null => {
        const text = values[field];
        if (text === undefined) {
          reject(row, field, 'MISSING_VALUE', `Не заполнено: ${what}`);
          return null;
        }
        const parsed = parseNumber(text);
        if (parsed === null) reject(row, field, 'MALFORMED_VALUE', `«${text}» — не число (${what})`);
        return parsed;
      };
      input.values.forEach((v, i) => {
        const value = number(`value${i}`, `столбец «${v.column}»`);
        if (value !== null) rowValues.push({ code: v.indicatorCode, value, field: `value${i}` });
      });
      input.shares.forEach((s, i) => {
        const count = number(`count${i}`, `столбец «${s.countColumn}»`);
        const total = number(`total${i}`, `столбец «${s.totalColumn}»`);
        if (count === null || total === null) return;
        if (total <= 0 || count < 0 || count > total) {
          reject(
            row,
            `count${i}`,
            'VALUE_OUT_OF_RANGE',
            `Доля не вычисляется: ${count} из ${total} (нужно 0 ≤ «${s.countColumn}» ≤ «${s.totalColumn}», и «${s.totalColumn}» больше нуля)`,
          );
          return;
        }
        const share = percent(count, total);
        rowValues.push({
          code: s.indicatorCode,
          value: s.complement ? round4(100 - share) : share,
          field: `count${i}`,
        });
      });
      for (const { code, value, field } of rowValues) {
        const indicator = indicators.get(code)!;
        if (value < indicator.minValue || value > indicator.maxValue)
          reject(
            row,
            field,
            'VALUE_OUT_OF_RANGE',
            `Значение ${value} вне допустимого для показателя «${indicator.name}»: от ${indicator.minValue} до ${indicator.maxValue}`,
          );
      }
      if (rejected.length > before || !organization || !period) continue;
      const key = `${organization.id}|${period}`;
      const first = seen.get(key);
      if (first !== undefined) {
        reject(
          row,
          'ogrn',
          'DUPLICATE_IN_FILE',
          `Результаты этой организации за ${period} уже есть в строке ${first}`,
        );
        continue;
      }
      seen.set(key, row);
      for (const { code, value } of rowValues)
        pending.push({ organizationId: organization.id, indicatorCode: code, period, value: round4(value) });
    }

    const report: MeasurementImportResult = {
      outcome: 'REJECTED',
      totals: {
        rows: rows.length,
        measurements: pending.length,
        created: 0,
        updated: 0,
        unchanged: 0,
        rejected: 0,
      },
      periods: [...new Set(pending.map((p) => p.period))].sort(),
      indicatorCodes: [...indicators.keys()],
      rejected: rejected.sort((a, b) => a.row - b.row),
    };
    report.totals.rejected = new Set(rejected.map((r) => r.row)).size;
    if (rejected.length > 0) return report;
    if (input.dryRun) return { ...report, outcome: 'DRY_RUN' };

    await this.dataSource.transaction(async (manager) => {
      for (let i = 0; i < pending.length; i += CHUNK) {
        const chunk = pending.slice(i, i + CHUNK);
        const written: { inserted: boolean }[] = await manager.query(
          `insert into measurement (organization_id, indicator_code, period, value, source, recorded_by)
           select * from unnest($1::uuid[], $2::text[], $3::text[], $4::numeric[]) as v(o, i, p, x),
                  lateral (select 'IMPORT'::text, $5::text) as s
           on conflict (organization_id, indicator_code, period) do update
              set value = excluded.value, source = excluded.source, recorded_by = excluded.recorded_by, recorded_at = now()
            where measurement.value is distinct from excluded.value
           returning (xmax = 0) as inserted`,
          [
            chunk.map((p) => p.organizationId),
            chunk.map((p) => p.indicatorCode),
            chunk.map((p) => p.period),
            chunk.map((p) => p.value),
            actor.subject,
          ],
        );
        report.totals.created += written.filter((w) => w.inserted).length;
        report.totals.updated += written.filter((w) => !w.inserted).length;
      }
      report.totals.unchanged = pending.length - report.totals.created - report.totals.updated;
      const changed = report.totals.created + report.totals.updated;
      if (changed > 0) {
        const organizationIds = [...new Set(pending.map((p) => p.organizationId))];
        // One line per organization whose figures the import wrote: the trail is read per organization.
        for (const organizationId of organizationIds)
          await recordAudit(manager, {
            organizationId,
            entityType: 'MEASUREMENT',
            entityId: organizationId,
            action: 'IMPORTED',
            actor,
            changes: { file: input.fileName, periods: report.periods, indicators: report.indicatorCodes },
          });
      }
    });
    return { ...report, outcome: 'APPLIED' };
  }
}
