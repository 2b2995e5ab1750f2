import { randomInt } from 'node:crypto';

import { build, graphql, graphqlOk } from '@opora/testing';

/** GraphQL operations the registry specs share (the same an API client would send). */
export const ops = {
  createRegion: `mutation($input: CreateRegionInput!) { createRegion(input: $input) { id code } }`,
  createMunicipality: `mutation($input: CreateMunicipalityInput!) { createMunicipality(input: $input) { id name } }`,
  register: `mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { id fullName kind authorityLevel updatedAt } }`,
  issueOrder: `mutation($input: IssueOrderInput!) { issueOrder(input: $input) { id number issuedOn } }`,
  approveProgramme: `mutation($input: ApproveProgrammeInput!) { approveProgramme(input: $input) { id startsOn endsOn } }`,
  assign: `mutation($input: AssignStatusInput!) { assignStatus(input: $input) { id kind state validFrom validTo heldThrough } }`,
  endEarly: `mutation($input: EndStatusEarlyInput!) { endStatusEarly(input: $input) { id state endReason endedOn heldThrough endingOrder { number } } }`,
  correct: `mutation($input: CorrectStatusInput!) { correctStatus(input: $input) { id state theme validFrom validTo supersedes { id state theme } correctionReason } }`,
  status: `query($id: UUID!) { status(id: $id) { id state endReason endedOn heldThrough validTo supersededBy { id } } }`,
};

let regionCodes = randomInt(10, 90);
/** Order numbers of one issuer and date must differ: a counter, not a random number (which repeats). */
let orderNumbers = randomInt(1, 1000) * 1000;

/**
 * A region with two municipalities, a municipal authority in each, a regional authority, a
 * methodological centre and schools: the cast of the status rules.
 */
export async function createNetwork(url: string) {
  const call = <T = any>(query: string, variables: Record<string, unknown>) =>
    graphqlOk<T>(url, query, variables);
  const region = (
    await call(ops.createRegion, { input: build.region({ code: String((regionCodes++ % 90) + 10) }) })
  ).createRegion as { id: string; code: string };
  const municipality = async () =>
    (await call(ops.createMunicipality, { input: build.municipality(region.id) })).createMunicipality
      .id as string;
  const home = await municipality();
  const other = await municipality();
  const organization = async (municipalityId: string, over: Record<string, unknown> = {}) =>
    (await call(ops.register, { input: build.school(municipalityId, over) })).registerOrganization
      .id as string;
  const authority = (municipalityId: string, level: 'MUNICIPAL' | 'REGIONAL' = 'MUNICIPAL') =>
    organization(municipalityId, {
      kind: 'EDUCATION_AUTHORITY',
      authorityLevel: level,
      fullName: `Комитет образования ${randomInt(1e6)}`,
    });
  const network = {
    region,
    home,
    other,
    homeAuthority: await authority(home),
    otherAuthority: await authority(other),
    regionalAuthority: await authority(other, 'REGIONAL'),
    centre: await organization(home, {
      kind: 'METHODOLOGICAL_CENTER',
      fullName: `Центр информационных технологий ${randomInt(1e6)}`,
    }),
    school: () => organization(home),
    organization,
    order: async (issuerId: string, issuedOn = '2021-03-11', number = `${(orderNumbers += 1)}-р`) =>
      (
        await call(ops.issueOrder, {
          input: { issuerId, kind: 'DIRECTIVE', number, issuedOn, title: 'О присвоении статуса' },
        })
      ).issueOrder.id as string,
    programme: async (startsOn = '2021-01-01', endsOn = '2023-05-31') =>
      (
        await call(ops.approveProgramme, {
          input: {
            ownerId: network.homeAuthority,
            name: `Сетевое наставничество ${randomInt(1e6)}`,
            startsOn,
            endsOn,
          },
        })
      ).approveProgramme.id as string,
    assign: (input: Record<string, unknown>) => graphql(url, ops.assign, { input }),
  };
  return network;
}

export const grounds = ['Региональная инновационная площадка', 'Педагоги — носители передового опыта'];
