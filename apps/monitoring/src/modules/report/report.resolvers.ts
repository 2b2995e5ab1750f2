import type { Resolvers } from '../../generated/resolvers-types';
import type { MonitoringContext } from '../../monitoring-service';
import { periodOf } from '../activity/activity.period';
import { requireAccess } from '../directory/directory-access';
import { placeOfMunicipality, placeOfOrganization, placeOfRegion } from '../directory/directory.place';
import type { ReportModel, ReportSubject } from './report.model';
import { cellText } from './report.model';
import { reportCsv, reportXlsx } from './report.render';

/**
 * Authorization as for the data shown: a site's or a leader school's report is that organization's
 * data (`read`); a municipality's or a region's report sums over organizations (`readAggregates`).
 */
async function buildReport(
  ctx: MonitoringContext,
  input: { subject: ReportSubject; id: string; from?: unknown; to?: unknown },
): Promise<ReportModel> {
  const { from, to } = periodOf(input);
  if (input.subject === 'REGION') await requireAccess(ctx, 'readAggregates', placeOfRegion(input.id));
  else if (input.subject === 'MUNICIPALITY') {
    const municipality = await ctx.loaders.directory.municipality.load(input.id);
    await requireAccess(ctx, 'readAggregates', municipality && placeOfMunicipality(municipality));
  } else {
    const organization = await ctx.loaders.directory.organization.load(input.id);
    await requireAccess(ctx, 'read', organization && placeOfOrganization(organization));
  }
  return ctx.services.report.build({ subject: input.subject, id: input.id, from, to });
}

const fileNames: Record<ReportSubject, string> = {
  TRAINING_SITE: 'отчёт-мсп',
  LEADER_SCHOOL: 'отчёт-школы-лидера',
  MUNICIPALITY: 'отчёт-муниципалитета',
  REGION: 'отчёт-региона',
};

export const reportResolvers: Resolvers = {
  ReportSection: { rows: (section) => section.rows.map((cells) => cells.map(cellText)) },
  Query: {
    monitoringReport: (_, args, ctx) => buildReport(ctx, args.input),
    monitoringReportFile: async (_, args, ctx) => {
      const report = await buildReport(ctx, args.input);
      const base = `${fileNames[report.subject]}-${report.from}-${report.to}`;
      return args.format === 'XLSX'
        ? {
            fileName: `${base}.xlsx`,
            contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            contentBase64: (await reportXlsx(report)).toString('base64'),
          }
        : {
            fileName: `${base}.csv`,
            contentType: 'text/csv; charset=utf-8',
            contentBase64: reportCsv(report).toString('base64'),
          };
    },
  },
};
