/**
 * How the monitoring service's resolver types are generated (`nx run monitoring:codegen`): each
 * GraphQL type bound to the entity or read model its resolvers receive, each enum to the
 * TypeScript type with the same values (event-contracts where the events define them).
 */
const model = (feature: string, file: string, name: string) => `../modules/${feature}/${file}#${name}`;

/** Read by tools/codegen/resolver-types.ts (its ResolverTypesConfig). */
const config = {
  sdlDir: 'apps/monitoring/src/modules',
  output: 'apps/monitoring/src/generated/resolvers-types.ts',
  contextType: '../monitoring-service#MonitoringContext',
  mappers: {
    Organization: model('directory', 'directory.refs', 'OrganizationRef'),
    Municipality: model('directory', 'directory.refs', 'MunicipalityRef'),
    Region: model('directory', 'directory.refs', 'RegionRef'),
    Indicator: model('indicator', 'indicator.entity', 'IndicatorEntity'),
    Measurement: model('measurement', 'measurement.entity', 'MeasurementEntity'),
    ActivitySummary: model('activity', 'activity.service', 'ActivitySummaryModel'),
    SourceFreshness: model('activity', 'freshness', 'SourceFreshnessModel'),
    IndicatorComparison: model('analytics', 'analytics.service', 'ComparisonModel'),
    SupportDynamics: model('analytics', 'analytics.model', 'SupportDynamicsModel'),
    SchoolRanking: model('analytics', 'analytics.model', 'SchoolRankingModel'),
    RankedSchool: model('analytics', 'analytics.service', 'RankedSchoolModel'),
    TrainingSiteEffectiveness: model('analytics', 'effectiveness.service', 'SiteEffectivenessModel'),
    LeaderSchoolEffectiveness: model('analytics', 'effectiveness.service', 'LeaderEffectivenessModel'),
    PartnerChange: model('analytics', 'analytics.model', 'PartnerChangeModel'),
    MonitoringReport: model('report', 'report.model', 'ReportModel'),
    ReportSection: model('report', 'report.model', 'ReportSectionModel'),
    MeasurementImportReport: model('measurement', 'measurement.service', 'MeasurementImportResult'),
  },
  enumValues: {
    ReportSubject: model('report', 'report.model', 'ReportSubject'),
    StatusKind: '@opora/event-contracts#StatusKind',
    ActivityKind: '@opora/event-contracts#ActivityKind',
    EventFormat: '@opora/event-contracts#EventFormat',
    Exam: model('indicator', 'indicator.catalogue', 'Exam'),
    Measure: model('indicator', 'indicator.catalogue', 'Measure'),
    MeasurementSource: model('measurement', 'measurement.entity', 'MeasurementSource'),
    MeasurementRejectionCode: model('measurement', 'measurement.service', 'ImportRejectionCode'),
  },
};

export default config;
