/**
 * How the agreements service's resolver types are generated (`nx run agreements:codegen`): each
 * GraphQL type is bound to the entity its resolvers receive, each enum to the event-contracts
 * type with the same values.
 */
const entity = (feature: string, file: string, name: string) => `../modules/${feature}/${file}#${name}`;

const connection = (feature: string, file: string, name: string) =>
  `import('@opora/subgraph-server').Connection<import('../modules/${feature}/${file}').${name}>`;

/** Read by tools/codegen/resolver-types.ts (its ResolverTypesConfig). */
const config = {
  sdlDir: 'apps/agreements/src/modules',
  output: 'apps/agreements/src/generated/resolvers-types.ts',
  contextType: '../agreements-service#AgreementsContext',
  mappers: {
    PartnershipAgreement: entity('agreement', 'agreement.entity', 'AgreementEntity'),
    PartnershipAgreementConnection: connection('agreement', 'agreement.entity', 'AgreementEntity'),
    Organization: '{ id: string }',
  },
  enumValues: {},
};

export default config;
