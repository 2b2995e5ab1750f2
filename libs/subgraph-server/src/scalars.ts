import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver, LocalDateResolver, UUIDResolver } from 'graphql-scalars';

/**
 * `Date` is a calendar date ("2023-05-31"), no time and no zone: order dates and status periods
 * (docs/domain.md, "Dates, names and numbers"). `DateTime` is an instant, ISO 8601 with offset.
 */
export const DateScalar = new GraphQLScalarType({
  ...LocalDateResolver.toConfig(),
  name: 'Date',
  description: 'Календарная дата без времени и часового пояса, ГГГГ-ММ-ДД (например, 2021-03-11)',
});

export const DateTimeScalar = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  name: 'DateTime',
  description: 'Момент времени, ISO 8601 с часовым поясом (хранится в UTC)',
});

export const UUIDScalar = new GraphQLScalarType({
  ...UUIDResolver.toConfig(),
  name: 'UUID',
  description: 'Идентификатор UUID',
});

export const scalarResolvers = { Date: DateScalar, DateTime: DateTimeScalar, UUID: UUIDScalar };

/** SDL declaring the shared scalars; every subgraph includes it once. */
export const scalarTypeDefs = /* GraphQL */ `
  "Календарная дата без времени и часового пояса, ГГГГ-ММ-ДД"
  scalar Date
  "Момент времени, ISO 8601 с часовым поясом"
  scalar DateTime
  "Идентификатор UUID"
  scalar UUID
`;
