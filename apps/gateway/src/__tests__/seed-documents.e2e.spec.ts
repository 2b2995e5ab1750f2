import { httpExecute, loadSeedDocument, pavlovskyOrder129, priozerskyDirective364 } from '@opora/demo-data';
import { freePort, startServiceProcess } from '@opora/provision';
import type { ServiceProcess } from '@opora/provision';
import { graphql, graphqlOk, platformAdminToken } from '@opora/testing';

import { startRegistryProcess } from './support';

/**
 * The seed documents are representable as they are: entered through the gateway the way an
 * official would enter them from paper, and read back through it.
 */
describe('seed documents through the gateway (registry and gateway processes)', () => {
  let registry: ServiceProcess;
  let gateway: ServiceProcess;

  beforeAll(async () => {
    registry = await startRegistryProcess('e2e_seeds');
    gateway = await startServiceProcess({
      name: 'gateway',
      entry: 'apps/gateway/src/main.ts',
      port: await freePort(),
      env: { REGISTRY_URL: registry.graphqlUrl, HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    });
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await registry?.stop();
  });

  it('loads the Priozersky directive 364-р and the Pavlovsky order 129 once, and reads them back as issued', async () => {
    // The documents are entered as the platform's operator (they create regions 47 and 23).
    const execute = httpExecute(gateway.graphqlUrl, {
      authorization: `Bearer ${await platformAdminToken()}`,
    });
    const official = (regionCode: string) => ({
      as: { subject: `official-${regionCode}`, role: 'REGION_ADMIN' as const, regionCode },
    });
    const priozersky = await loadSeedDocument(execute, priozerskyDirective364);
    const pavlovsky = await loadSeedDocument(execute, pavlovskyOrder129);
    expect(priozersky.created).toBeGreaterThan(0);
    // Loading again changes nothing.
    expect((await loadSeedDocument(execute, priozerskyDirective364)).created).toBe(0);
    expect((await loadSeedDocument(execute, pavlovskyOrder129)).created).toBe(0);

    const { order } = await graphqlOk(
      gateway.graphqlUrl,
      `query($id: UUID!) { order(id: $id) {
         kind number issuedOn signatory title annexTitle issuer { shortName authorityLevel municipality { name region { code } } }
         assignedStatuses {
           kind theme grounds validFrom validTo heldThrough state
           organization { fullName shortName headName }
           programme { name startsOn endsOn approvingOrder { number issuedOn } }
           methodologicalCentre { fullName headName kind }
         }
       } }`,
      { id: priozersky.orders['364-р'] },
      undefined,
      official('47'),
    );
    expect(order).toMatchObject({
      kind: 'DIRECTIVE',
      number: '364-р',
      issuedOn: '2021-03-11',
      signatory: 'Заместитель председателя комитета образования И.И. Кравченко',
      title: 'Об организации деятельности стажировочной площадки',
      issuer: {
        authorityLevel: 'MUNICIPAL',
        municipality: { name: 'Приозерский муниципальный район', region: { code: '47' } },
      },
    });
    expect(order.annexTitle).toMatch(/^Положение о муниципальной стажировочной площадке/);
    expect(order.assignedStatuses).toHaveLength(1);
    const [site] = order.assignedStatuses;
    expect(site).toMatchObject({
      kind: 'TRAINING_SITE',
      validFrom: '2021-01-01',
      validTo: '2023-05-31',
      heldThrough: '2023-05-31',
      organization: { shortName: 'МОУ «СОШ № 4»', headName: 'Кондакова И.П.' },
      programme: {
        startsOn: '2021-01-01',
        endsOn: '2023-05-31',
        approvingOrder: { number: '235-р', issuedOn: '2021-03-01' },
      },
      methodologicalCentre: { kind: 'METHODOLOGICAL_CENTER', headName: 'Печанская Л.В.' },
    });
    expect(site.programme.name).toMatch(/^Сетевое наставничество во взаимодействии школ/);
    expect(site.methodologicalCentre.fullName).toMatch(/Центр информационных технологий/);
    expect(site.grounds).toHaveLength(3);
    expect(site.grounds[0]).toMatch(/региональной инновационной площадкой/);

    // An official finds the school by «сош 4» and sees its status on a date of the programme.
    const { organizations } = await graphqlOk(
      gateway.graphqlUrl,
      `query($m: UUID!) { organizations(filter: { municipalityId: $m, search: "сош 4" }) {
         totalCount edges { node { shortName statuses(activeOn: "2022-09-01") { kind } } } } }`,
      { m: priozersky.municipalityId },
      undefined,
      official('47'),
    );
    expect(organizations).toEqual({
      totalCount: 1,
      edges: [{ node: { shortName: 'МОУ «СОШ № 4»', statuses: [{ kind: 'TRAINING_SITE' }] } }],
    });

    const pavlovskyOrder = await graphqlOk(
      gateway.graphqlUrl,
      `query($id: UUID!) { order(id: $id) { kind number issuedOn signatory annexTitle assignedStatuses { id } issuer { fullName municipality { name region { code name } } } } }`,
      { id: pavlovsky.orders['129'] },
      undefined,
      official('23'),
    );
    expect(pavlovskyOrder.order).toMatchObject({
      kind: 'ORDER',
      number: '129',
      issuedOn: '2021-03-04',
      signatory: 'Начальник управления образованием Т.В. Чекина',
      assignedStatuses: [],
      issuer: {
        fullName: 'Управление образованием администрации муниципального образования Павловский район',
        municipality: { name: 'Павловский район', region: { code: '23', name: 'Краснодарский край' } },
      },
    });
    expect(pavlovskyOrder.order.annexTitle).toMatch(/^Положение об образовательной организации-лидере/);

    // Each region's officials see their own region only, and the analyst sees no names.
    const foreign = await graphql(
      gateway.graphqlUrl,
      `
        query ($id: UUID!) {
          order(id: $id) {
            number
          }
        }
      `,
      { id: priozersky.orders['364-р'] },
      undefined,
      official('23'),
    );
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(foreign.errors?.[0]?.message).toMatch(/другого региона/);
    const analyst = await graphql(
      gateway.graphqlUrl,
      `
        query ($id: UUID!) {
          organization(id: $id) {
            shortName
            headName
          }
        }
      `,
      { id: priozersky.organizations.school4 },
      undefined,
      { as: { subject: 'analyst-47', role: 'ANALYST', regionCode: '47' } },
    );
    expect(analyst.data?.organization).toEqual({ shortName: 'МОУ «СОШ № 4»', headName: null });
    expect(analyst.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});
