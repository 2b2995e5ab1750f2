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
    ActivityPlan: entity('plan', 'plan.entity', 'ActivityPlanEntity'),
    ActivityPlanConnection: connection('plan', 'plan.entity', 'ActivityPlanEntity'),
    PlanVersion: entity('plan', 'plan.entity', 'PlanVersionEntity'),
    PlanItem: entity('plan', 'plan.entity', 'PlanItemEntity'),
    PlanItemVersion: entity('plan', 'plan.entity', 'PlanItemSnapshot'),
    Mentorship: entity('mentorship', 'mentorship.entity', 'MentorshipEntity'),
    Organization: '{ id: string }',
  },
  enumValues: {
    ActivityKind: '@opora/event-contracts#ActivityKind',
    PlanOwnerKind: '@opora/event-contracts#PlanOwnerKind',
  },
};

export default config;
