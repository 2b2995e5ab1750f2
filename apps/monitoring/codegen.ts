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
    MeasurementImportReport: model('measurement', 'measurement.service', 'MeasurementImportResult'),
  },
  enumValues: {
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
