/**
 * How the registry's resolver types are generated (`nx run registry:codegen`): each GraphQL type
 * is bound to the entity its resolvers receive, each enum to the event-contracts type with the
 * same values, so the compiler checks every field and an SDL enum cannot drift from its event.
 */
const entity = (feature: string, file: string, name: string) => `../modules/${feature}/${file}#${name}`;

const connection = (feature: string, file: string, name: string) =>
  `import('@opora/subgraph-server').Connection<import('../modules/${feature}/${file}').${name}>`;

/** Read by tools/codegen/resolver-types.ts (its ResolverTypesConfig). */
const config = {
  sdlDir: 'apps/registry/src/modules',
  output: 'apps/registry/src/generated/resolvers-types.ts',
  contextType: '../registry-service#RegistryContext',
  mappers: {
    Region: entity('region', 'region.entity', 'RegionEntity'),
    Municipality: entity('municipality', 'municipality.entity', 'MunicipalityEntity'),
    Organization: entity('organization', 'organization.entity', 'OrganizationEntity'),
    AdministrativeOrder: entity('order', 'order.entity', 'AdministrativeOrderEntity'),
    Programme: entity('programme', 'programme.entity', 'ProgrammeEntity'),
    StatusAssignment: entity('status', 'status.entity', 'StatusAssignmentEntity'),
    Person: entity('status', 'person.entity', 'PersonEntity'),
    AuditEntry: '@opora/service-kit#AuditEntryEntity',
    // Pages are built by @opora/subgraph-server's paginate (totalCount counted only when asked).
    OrganizationConnection: connection('organization', 'organization.entity', 'OrganizationEntity'),
    AdministrativeOrderConnection: connection('order', 'order.entity', 'AdministrativeOrderEntity'),
    AuditConnection: "import('@opora/subgraph-server').Connection<import('@opora/service-kit').AuditEntryEntity>",
  },
  enumValues: {
    OrganizationKind: '@opora/event-contracts#OrganizationKind',
    OrderKind: '@opora/event-contracts#OrderKind',
    StatusKind: '@opora/event-contracts#StatusKind',
    StatusEndReason: '@opora/event-contracts#StatusEndReason',
  },
};

export default config;
