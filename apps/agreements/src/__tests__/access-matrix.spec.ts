import { randomUUID } from 'node:crypto';

import type { Principal } from '@opora/auth';
import { graphql, graphqlOk } from '@opora/testing';

import { project, registryWorld } from './registry-world';
import { startTestAgreements } from './start-agreements';

/**
 * Role × action × own/foreign scope, end to end with real tokens. Each cell is a request that
 * would write: a refused cell answers FORBIDDEN; an allowed one passes the access check and meets
 * the domain rule the record is set up to break (so nothing is written either way, asserted).
 */
let agreements: Awaited<ReturnType<typeof startTestAgreements>>;
const w = registryWorld();

const p = (role: Principal['role'], extra: Partial<Principal> = {}): Principal => ({
  subject: `${role}-${randomUUID()}`,
  role,
  regionCode: role === 'PLATFORM_ADMIN' ? null : '23',
  ...extra,
});

const people: Record<string, Principal> = {
  platformAdmin: p('PLATFORM_ADMIN'),
  regionAdmin: p('REGION_ADMIN'),
  foreignRegionAdmin: p('REGION_ADMIN', { regionCode: '47' }),
  operator: p('MUNICIPAL_OPERATOR', { municipalityId: w.pavlovsky }),
  foreignOperator: p('MUNICIPAL_OPERATOR', { municipalityId: w.kanevskoy }),
  leaderStaff: p('SCHOOL_STAFF', { municipalityId: w.pavlovsky, organizationId: w.leader }),
  partnerStaff: p('SCHOOL_STAFF', { municipalityId: w.pavlovsky, organizationId: w.shnor }),
  methodologist: p('METHODOLOGIST', { municipalityId: w.pavlovsky }),
  analyst: p('ANALYST'),
  // Priozersky (47): the site's head, the CIT's methodologist, one of another district, an operator.
  siteHead: p('SCHOOL_STAFF', { regionCode: '47', municipalityId: w.priozersky, organizationId: w.site }),
  centre: p('METHODOLOGIST', { regionCode: '47', municipalityId: w.priozersky, organizationId: w.centre }),
  foreignCentre: p('METHODOLOGIST', {
    regionCode: '47',
    municipalityId: randomUUID(),
    organizationId: w.centre,
  }),
  siteOperator: p('MUNICIPAL_OPERATOR', { regionCode: '47', municipalityId: w.priozersky }),
  region47Admin: p('REGION_ADMIN', { regionCode: '47' }),
};

const ids = { draft: '', concluded: '', draftPlan: '', agreedPlan: '', agreedItem: '' };

async function counts() {
  const [row] = (await agreements.service.dataSource.query(
    `select (select count(*) from outbox)::int as events, (select count(*) from audit_entry)::int as audit`,
  )) as Record<string, number>[];
  return row;
}

const cells: {
  action: string;
  query: string;
  variables: () => Record<string, unknown>;
  /** Who passes the access check, and the code they then meet. */
  allowed: string[];
  then: string;
  refused: string[];
}[] = [
  {
    action: 'draftAgreement (period ending before it starts)',
    query: `mutation ($input: DraftAgreementInput!) { draftAgreement(input: $input) { id } }`,
    variables: () => ({
      input: {
        number: 'X',
        signedOn: '2021-09-01',
        validFrom: '2022-09-01',
        validTo: '2021-09-01',
        leaderOrganizationId: w.leader,
        partnerOrganizationIds: [w.shnor],
        directions: ['MANAGEMENT'],
      },
    }),
    allowed: ['platformAdmin', 'regionAdmin', 'operator', 'leaderStaff'],
    then: 'AGREEMENT_PERIOD_INVALID',
    refused: ['foreignRegionAdmin', 'foreignOperator', 'partnerStaff', 'methodologist', 'analyst'],
  },
  {
    action: 'concludeAgreement (already concluded)',
    query: `mutation ($id: UUID!) { concludeAgreement(input: { id: $id }) { id } }`,
    variables: () => ({ id: ids.concluded }),
    allowed: ['platformAdmin', 'regionAdmin', 'operator', 'leaderStaff'],
    then: 'AGREEMENT_TRANSITION_NOT_ALLOWED',
    refused: ['foreignRegionAdmin', 'foreignOperator', 'partnerStaff', 'methodologist', 'analyst'],
  },
  {
    action: 'terminateAgreement (a draft)',
    query: `mutation ($id: UUID!) { terminateAgreement(input: { id: $id, endedOn: "2022-01-01", reason: "—" }) { id } }`,
    variables: () => ({ id: ids.draft }),
    allowed: ['platformAdmin', 'regionAdmin', 'operator', 'leaderStaff'],
    then: 'AGREEMENT_TRANSITION_NOT_ALLOWED',
    refused: ['foreignRegionAdmin', 'foreignOperator', 'partnerStaff', 'methodologist', 'analyst'],
  },
  {
    action: 'startMentorship (under a draft)',
    query: `mutation ($input: StartMentorshipInput!) { startMentorship(input: $input) { id } }`,
    variables: () => ({
      input: {
        agreementId: ids.draft,
        menteeOrganizationId: w.shnor,
        tutorName: 'А',
        menteeName: 'Б',
        validFrom: '2021-09-01',
      },
    }),
    allowed: ['platformAdmin', 'regionAdmin', 'operator', 'leaderStaff'],
    then: 'MENTORSHIP_AGREEMENT_NOT_CONCLUDED',
    refused: ['foreignRegionAdmin', 'foreignOperator', 'partnerStaff', 'methodologist', 'analyst'],
  },
  {
    action: 'addPlanItem (to an agreed plan)',
    query: `mutation ($input: AddPlanItemInput!) { addPlanItem(input: $input) { id } }`,
    variables: () => ({
      input: { planId: ids.agreedPlan, activityKind: 'SEMINAR', topic: 'Семинар', plannedOn: '2022-01-10' },
    }),
    allowed: ['platformAdmin', 'region47Admin', 'siteOperator', 'siteHead'],
    then: 'PLAN_NOT_EDITABLE',
    refused: ['regionAdmin', 'centre', 'analyst', 'leaderStaff'],
  },
  {
    action: 'submitPlan (agreed already): the site’s head only (000 §3.5.2)',
    query: `mutation ($id: UUID!) { submitPlan(input: { planId: $id }) { id } }`,
    variables: () => ({ id: ids.agreedPlan }),
    allowed: ['siteHead'],
    then: 'PLAN_TRANSITION_NOT_ALLOWED',
    refused: ['platformAdmin', 'region47Admin', 'siteOperator', 'centre', 'regionAdmin', 'analyst'],
  },
  {
    action: 'agreePlan (a draft): a methodologist of the territory only (000 §3.4, §3.5.1)',
    query: `mutation ($id: UUID!) { agreePlan(input: { planId: $id }) { id } }`,
    variables: () => ({ id: ids.draftPlan }),
    allowed: ['centre'],
    then: 'PLAN_TRANSITION_NOT_ALLOWED',
    refused: [
      'foreignCentre',
      'siteHead',
      'region47Admin',
      'siteOperator',
      'platformAdmin',
      'analyst',
      'regionAdmin',
    ],
  },
  {
    action: 'returnPlan (a draft): a methodologist of the territory only',
    query: `mutation ($id: UUID!) { returnPlan(input: { planId: $id, comments: "Замечания" }) { id } }`,
    variables: () => ({ id: ids.draftPlan }),
    allowed: ['centre'],
    then: 'PLAN_TRANSITION_NOT_ALLOWED',
    refused: ['foreignCentre', 'siteHead', 'region47Admin', 'siteOperator', 'analyst'],
  },
];

beforeAll(async () => {
  agreements = await startTestAgreements();
  await project(agreements.service.dataSource, w.events);
  const as = (who: keyof typeof people) => ({ as: people[who] });
  const draft = async (validFrom: string, validTo: string) =>
    (
      await graphqlOk(
        agreements.url,
        `mutation ($input: DraftAgreementInput!) { draftAgreement(input: $input) { id } }`,
        {
          input: {
            number: validFrom,
            signedOn: validFrom,
            validFrom,
            validTo,
            leaderOrganizationId: w.leader,
            partnerOrganizationIds: [w.shnor],
            directions: ['MANAGEMENT'],
          },
        },
        {},
        as('leaderStaff'),
      )
    ).draftAgreement.id as string;
  ids.draft = await draft('2021-09-01', '2021-12-31');
  ids.concluded = await draft('2022-01-01', '2022-06-30');
  await graphqlOk(
    agreements.url,
    `mutation ($id: UUID!) { concludeAgreement(input: { id: $id }) { id } }`,
    { id: ids.concluded },
    {},
    as('leaderStaff'),
  );

  const plan = async () =>
    (
      await graphqlOk(
        agreements.url,
        `mutation ($input: DraftPlanInput!) { draftPlan(input: $input) { id } }`,
        {
          input: {
            ownerKind: 'TRAINING_SITE_STATUS',
            ownerId: w.siteStatus,
            title: 'План',
            periodFrom: '2021-09-01',
            periodTo: '2022-08-31',
          },
        },
        {},
        as('siteHead'),
      )
    ).draftPlan.id as string;
  ids.draftPlan = await plan();
  ids.agreedPlan = await plan();
  await graphqlOk(
    agreements.url,
    `mutation ($input: AddPlanItemInput!) { addPlanItem(input: $input) { id } }`,
    { input: { planId: ids.agreedPlan, activityKind: 'SEMINAR', topic: 'Семинар', plannedOn: '2021-10-10' } },
    {},
    as('siteHead'),
  );
  await graphqlOk(
    agreements.url,
    `mutation ($id: UUID!) { submitPlan(input: { planId: $id }) { id } }`,
    { id: ids.agreedPlan },
    {},
    as('siteHead'),
  );
  await graphqlOk(
    agreements.url,
    `mutation ($id: UUID!) { agreePlan(input: { planId: $id }) { id } }`,
    { id: ids.agreedPlan },
    {},
    as('centre'),
  );
}, 60_000);
afterAll(() => agreements?.stop());

describe.each(cells)('access: $action', (cell) => {
  it.each(cell.allowed)('%s passes the access check (then meets the rule)', async (who) => {
    const before = await counts();
    const response = await graphql(agreements.url, cell.query, cell.variables(), {}, { as: people[who] });
    expect(response.errors?.[0]?.extensions?.code).toBe(cell.then);
    expect(await counts()).toEqual(before);
  });
  it.each(cell.refused)('%s is refused (FORBIDDEN, in Russian)', async (who) => {
    const before = await counts();
    const response = await graphql(agreements.url, cell.query, cell.variables(), {}, { as: people[who] });
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(response.errors?.[0]?.message).toMatch(/[а-яё]/i);
    expect(await counts()).toEqual(before);
  });
});

describe('access: reading an agreement', () => {
  const READ = `query ($id: ID!) { agreement(id: $id) { id leaderResponsible } }`;
  const foreignStaff = p('SCHOOL_STAFF', { municipalityId: w.kanevskoy, organizationId: w.foreignShnor });
  it.each([
    ['platformAdmin', people.platformAdmin],
    ['regionAdmin', people.regionAdmin],
    ['operator', people.operator],
    ['leaderStaff', people.leaderStaff],
    ['partnerStaff', people.partnerStaff],
    ['methodologist', people.methodologist],
    ['analyst', people.analyst],
  ])('%s reads it', async (_, who) => {
    const response = await graphqlOk(agreements.url, READ, { id: ids.concluded }, {}, { as: who });
    expect(response.agreement.id).toBe(ids.concluded);
  });
  it.each([
    ['foreignRegionAdmin', people.foreignRegionAdmin],
    ['foreignOperator', people.foreignOperator],
    ['staff of another district', foreignStaff],
  ])('%s is refused', async (_, who) => {
    const response = await graphql(agreements.url, READ, { id: ids.concluded }, {}, { as: who });
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
