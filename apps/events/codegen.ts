/**
 * How the events service's resolver types are generated (`nx run events:codegen`): each GraphQL
 * type bound to the entity its resolvers receive, the shared enums to @opora/event-contracts.
 */
const entity = (feature: string, file: string, name: string) => `../modules/${feature}/${file}#${name}`;

/** Read by tools/codegen/resolver-types.ts (its ResolverTypesConfig). */
const config = {
  sdlDir: 'apps/events/src/modules',
  output: 'apps/events/src/generated/resolvers-types.ts',
  contextType: '../events-service#EventsContext',
  mappers: {
    Event: entity('event', 'event.entity', 'EventEntity'),
    EventConnection:
      "import('@opora/subgraph-server').Connection<import('../modules/event/event.entity').EventEntity>",
    // Types of other subgraphs, extended by key: the reference is all this service holds.
    Organization: '{ id: string }',
    PlanItem: '{ id: string }',
    PartnershipAgreement: '{ id: string }',
    Participant: entity('participation', 'participant', 'ParticipantView'),
    AttendanceSummary: entity('participation', 'participation.service', 'AttendanceRecording'),
    Feedback: entity('participation', 'feedback.entity', 'FeedbackEntity'),
    Material: entity('material', 'material.entity', 'MaterialEntity'),
    CalendarFeed: entity('feed', 'calendar-feed.entity', 'CalendarFeedEntity'),
  },
  enumValues: {
    ActivityKind: '@opora/event-contracts#ActivityKind',
    EventFormat: '@opora/event-contracts#EventFormat',
    EventState: '../modules/event/event.entity#EventState',
    RegistrationSource: '../modules/participation/registration.entity#RegistrationSource',
    CalendarFeedScope: '../modules/feed/calendar-feed.entity#FeedScope',
  },
};

export default config;
