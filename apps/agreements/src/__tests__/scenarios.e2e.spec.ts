import type { Principal } from '@opora/auth';
import { loadAgreementsDemo } from '@opora/demo-data';
import type { AgreementsDemo, Execute } from '@opora/demo-data';
import type { DomainEvent } from '@opora/event-contracts';
import { topicOf } from '@opora/event-contracts';
import { createIdempotentProducer, encodeEvent } from '@opora/messaging';
import { freePort, startServiceProcess } from '@opora/provision';
import type { ServiceProcess } from '@opora/provision';
import {
  eventsOf,
  eventually,
  gatewayUrlsOf,
  graphql,
  graphqlOk,
  readTopicUntil,
  startSubgraphProcess,
  testKafka,
  uniqueSuffix,
} from '@opora/testing';
import type { TestSubgraphProcess } from '@opora/testing';

/**
 * The scenarios of issue 10 through the gateway, with the registry, the agreements service and the
 * gateway as real processes on a real Kafka: the demo data is entered by the people who do it
 * (Pavlovsky 002, Priozersky 000), then the agreement is terminated and the registry ends the
 * leader status.
 */
let registry: TestSubgraphProcess;
let agreements: TestSubgraphProcess;
let gateway: ServiceProcess;
let demo: AgreementsDemo;

const executeAs =
  (principal: Principal | null): Execute =>
  async <Data>(query: string, variables?: Record<string, unknown>) =>
    (await graphqlOk(
      gateway.graphqlUrl,
      query,
      variables,
      {},
      principal ? { as: principal } : undefined,
    )) as Data;

beforeAll(async () => {
  const suffix = uniqueSuffix();
  [registry, agreements] = await Promise.all([
    startSubgraphProcess('registry', {
      prefix: 'scenario_registry',
      env: {
        SCHEDULER_INTERVAL_MS: '0',
        AGREEMENTS_CONSUMER_GROUP: `registry.agreements.scenario.${suffix}`,
      },
    }),
    startSubgraphProcess('agreements', {
      prefix: 'scenario_agreements',
      env: {
        REGISTRY_PROJECTION_GROUP: `agreements.registry-projection.scenario.${suffix}`,
        EVENTS_CONSUMER_GROUP: `agreements.events.scenario.${suffix}`,
      },
    }),
  ]);
  gateway = await startServiceProcess({
    name: 'gateway',
    entry: 'apps/gateway/src/main.ts',
    port: await freePort(),
    env: { ...gatewayUrlsOf({ registry, agreements }), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
  });
  demo = await loadAgreementsDemo(executeAs, executeAs(null));
}, 180_000);

afterAll(async () => {
  await gateway?.stop();
  await Promise.all([registry?.stop(), agreements?.stop()]);
});

describe('Pavlovsky (002)', () => {
  it('002 §4.2: the leader named by the authority has concluded an agreement with a ШНОР of its district, read with the registry’s data in one request', async () => {
    const { organization } = await graphqlOk(
      gateway.graphqlUrl,
      `query ($id: UUID!) { organization(id: $id) {
         fullName statuses(activeOn: "2022-01-10") { kind }
         agreements { number state validFrom validTo partners { fullName statuses(activeOn: "2022-01-10") { kind } } } } }`,
      { id: demo.pavlovsky.leaderId },
    );
    expect(organization.statuses).toEqual([{ kind: 'LEADER_SCHOOL' }]);
    expect(organization.agreements).toEqual([
      {
        number: '1/2021',
        state: 'CONCLUDED',
        validFrom: '2021-09-01',
        validTo: '2023-05-31',
        partners: [
          {
            fullName:
              'Школа с низкими образовательными результатами Павловского района (демонстрационная запись)',
            statuses: [{ kind: 'LOW_RESULTS' }],
          },
        ],
      },
    ]);
  });

  it('002 §4.2: a ШНОР of another district is refused, nothing is written', async () => {
    const { createMunicipality } = await graphqlOk(
      gateway.graphqlUrl,
      `mutation ($input: CreateMunicipalityInput!) { createMunicipality(input: $input) { id region { id } } }`,
      {
        input: {
          regionId: (await graphqlOk(gateway.graphqlUrl, `query { regionByCode(code: "23") { id } }`))
            .regionByCode.id,
          name: 'Каневской район',
        },
      },
    );
    const { registerOrganization } = await graphqlOk(
      gateway.graphqlUrl,
      `mutation ($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { id } }`,
      {
        input: {
          municipalityId: createMunicipality.id,
          kind: 'SCHOOL',
          fullName: 'ШНОР Каневского района (демо)',
        },
      },
    );
    // The Kanevskoy authority's own order lists the school (a status rests on its municipality's order).
    const { registerOrganization: authority } = await graphqlOk(
      gateway.graphqlUrl,
      `mutation ($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { id } }`,
      {
        input: {
          municipalityId: createMunicipality.id,
          kind: 'EDUCATION_AUTHORITY',
          authorityLevel: 'MUNICIPAL',
          fullName: 'Управление образования Каневского района (демо)',
        },
      },
    );
    const { issueOrder } = await graphqlOk(
      gateway.graphqlUrl,
      `mutation ($input: IssueOrderInput!) { issueOrder(input: $input) { id } }`,
      {
        input: {
          issuerId: authority.id,
          kind: 'ORDER',
          number: '7',
          issuedOn: '2021-01-10',
          title: 'О перечне ШНОР',
        },
      },
    );
    const order129 = issueOrder.id as string;
    await graphqlOk(
      gateway.graphqlUrl,
      `mutation ($input: AssignStatusInput!) { assignStatus(input: $input) { id } }`,
      {
        input: {
          organizationId: registerOrganization.id,
          kind: 'LOW_RESULTS',
          theme: 'ШНОР',
          grounds: ['Низкие образовательные результаты'],
          assigningOrderId: order129,
          validFrom: '2021-01-01',
          validTo: '2023-12-31',
        },
      },
    );
    const leaderStaff: Principal = {
      subject: 'pavlovsky-leader',
      role: 'SCHOOL_STAFF',
      regionCode: '23',
      municipalityId: (
        await graphqlOk(
          gateway.graphqlUrl,
          `query ($id: UUID!) { organization(id: $id) { municipality { id } } }`,
          {
            id: demo.pavlovsky.leaderId,
          },
        )
      ).organization.municipality.id,
      organizationId: demo.pavlovsky.leaderId,
    };
    const attempt = () =>
      graphql(
        gateway.graphqlUrl,
        `
          mutation ($input: DraftAgreementInput!) {
            draftAgreement(input: $input) {
              id
            }
          }
        `,
        {
          input: {
            number: '2/2021',
            signedOn: '2021-09-01',
            validFrom: '2021-09-01',
            validTo: '2022-05-31',
            leaderOrganizationId: demo.pavlovsky.leaderId,
            partnerOrganizationIds: [registerOrganization.id],
            directions: ['MANAGEMENT'],
          },
        },
        {},
        { as: leaderStaff },
      );
    // Once the agreements service has the new school (from the registry's events) it names the rule.
    const refused = await eventually(async () => {
      const response = await attempt();
      return response.errors?.[0]?.extensions?.code === 'MUNICIPALITY_MISMATCH' ? response : undefined;
    }, 30_000);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ field: 'input.partnerOrganizationIds.0' });
    expect(refused.errors?.[0]?.message).toMatch(/одном муниципалитете/);
    const { organization } = await graphqlOk(
      gateway.graphqlUrl,
      `query ($id: UUID!) { organization(id: $id) { agreements { id } } }`,
      { id: demo.pavlovsky.leaderId },
    );
    expect(organization.agreements).toHaveLength(1);
  });

  it('002 §4.3: the agreement is terminated; the registry ends the leader status with AGREEMENT_ENDED within seconds, exactly once, also with the message delivered twice', async () => {
    const started = Date.now();
    await graphqlOk(
      gateway.graphqlUrl,
      `mutation ($input: TerminateAgreementInput!) { terminateAgreement(input: $input) { state } }`,
      {
        input: {
          id: demo.pavlovsky.agreementId,
          endedOn: '2022-06-01',
          reason: 'Школа исключена из перечня ШНОР',
        },
      },
    );
    const status = await eventually(async () => {
      const { status } = await graphqlOk(
        gateway.graphqlUrl,
        `query ($id: UUID!) { status(id: $id) { state endReason endedOn } }`,
        { id: demo.pavlovsky.leaderStatusId },
      );
      return status.state === 'ENDED' ? status : undefined;
    }, 30_000);
    const seconds = (Date.now() - started) / 1000;
    expect(status).toEqual({ state: 'ENDED', endReason: 'AGREEMENT_ENDED', endedOn: '2022-06-01' });
    expect(seconds).toBeLessThan(30);

    // The termination as it travelled, delivered to the registry a second time.
    const isOurs = (event: DomainEvent) =>
      event.type === 'agreements.agreement.terminated' &&
      event.data.agreementId === demo.pavlovsky.agreementId;
    const messages = await readTopicUntil(topicOf('agreements'), (seen) => eventsOf(seen).some(isOurs));
    const terminated = eventsOf(messages).find(isOurs)!;
    expect(terminated.subject).toBe(demo.pavlovsky.leaderId);
    const producer = createIdempotentProducer(testKafka());
    await producer.connect();
    await producer.send({
      topic: topicOf('agreements'),
      messages: [{ key: terminated.subject, value: encodeEvent(terminated) }],
    });
    await producer.disconnect();
    await new Promise((r) => setTimeout(r, 3000));
    const isOurEnd = (e: DomainEvent) =>
      e.type === 'registry.status.ended' && e.data.statusId === demo.pavlovsky.leaderStatusId;
    const ended = await readTopicUntil(topicOf('registry'), (seen) => eventsOf(seen).some(isOurEnd));
    expect(
      eventsOf(ended).filter(
        (e) => e.type === 'registry.status.ended' && e.data.statusId === demo.pavlovsky.leaderStatusId,
      ),
    ).toHaveLength(1);
  });
});

describe('Priozersky (000)', () => {
  it('000 §3.4, §3.5: the site’s plan was submitted, returned with comments by the CIT, corrected and agreed; both versions are readable', async () => {
    const { plan } = await graphqlOk(
      gateway.graphqlUrl,
      `query ($id: ID!) { plan(id: $id) {
         state version agreedVersion organization { fullName }
         versions { version state comments decidedBy { fullName } items { topic durationHours } }
         compare(from: 1, to: 2) { changed { topic durationHours } } } }`,
      { id: demo.priozersky.planId },
    );
    expect(plan).toMatchObject({
      state: 'AGREED',
      version: 2,
      agreedVersion: 2,
      organization: {
        fullName: 'Муниципальное общеобразовательное учреждение «Средняя общеобразовательная школа № 4»',
      },
    });
    expect(plan.versions.map((v: { version: number; state: string }) => [v.version, v.state])).toEqual([
      [1, 'RETURNED'],
      [2, 'AGREED'],
    ]);
    expect(plan.versions[0].comments).toMatch(/продолжительность семинара/);
    expect(plan.versions[0].decidedBy.fullName).toMatch(/Центр информационных технологий/);
    expect(plan.versions[0].items[0].durationHours).toBe(3);
    expect(plan.versions[1].items[0].durationHours).toBe(4);
    expect(plan.compare.changed).toEqual([expect.objectContaining({ durationHours: 4 })]);

    // The demo is idempotent: entered again, it adds nothing.
    const again = await loadAgreementsDemo(executeAs, executeAs(null));
    expect(again.priozersky.planId).toBe(demo.priozersky.planId);
  });
});
