import type { SeedDocument } from './seed-documents';

/** Runs one GraphQL operation against the API (the gateway) and returns `data`, or throws. */
export type Execute = <Data = unknown>(query: string, variables?: Record<string, unknown>) => Promise<Data>;

export interface LoadedDocument {
  regionId: string;
  municipalityId: string;
  organizations: Record<string, string>;
  orders: Record<string, string>;
  programmes: Record<string, string>;
  /** How many records this call created (0 on a repeated load). */
  created: number;
}

/**
 * Enters a seed document through the public GraphQL API, as an official would, looking each record
 * up first: loading twice creates nothing the second time.
 */
export async function loadSeedDocument(execute: Execute, doc: SeedDocument): Promise<LoadedDocument> {
  let created = 0;
  const region =
    (
      await execute<{ regionByCode: { id: string } | null }>(
        `query($code: String!) { regionByCode(code: $code) { id } }`,
        { code: doc.region.code },
      )
    ).regionByCode ??
    (created++,
    (
      await execute<{ createRegion: { id: string } }>(
        `mutation($input: CreateRegionInput!) { createRegion(input: $input) { id } }`,
        { input: doc.region },
      )
    ).createRegion);

  const { region: withMunicipalities } = await execute<{
    region: { municipalities: { id: string; name: string }[] };
  }>(`query($id: UUID!) { region(id: $id) { municipalities { id name } } }`, { id: region.id });
  const municipality =
    withMunicipalities.municipalities.find((m) => m.name === doc.municipality.name) ??
    (created++,
    (
      await execute<{ createMunicipality: { id: string } }>(
        `mutation($input: CreateMunicipalityInput!) { createMunicipality(input: $input) { id } }`,
        { input: { regionId: region.id, name: doc.municipality.name } },
      )
    ).createMunicipality);

  const organizations: Record<string, string> = {};
  for (const { key, ...organization } of doc.organizations) {
    const { organizations: found } = await execute<{
      organizations: { edges: { node: { id: string; fullName: string } }[] };
    }>(
      `query($filter: OrganizationsFilter) { organizations(filter: $filter, first: 20) { edges { node { id fullName } } } }`,
      { filter: { municipalityId: municipality.id, search: organization.fullName } },
    );
    organizations[key] =
      found.edges.find((edge) => edge.node.fullName === organization.fullName)?.node.id ??
      (created++,
      (
        await execute<{ registerOrganization: { id: string } }>(
          `mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { id } }`,
          { input: { ...organization, municipalityId: municipality.id } },
        )
      ).registerOrganization.id);
  }

  const orders: Record<string, string> = {};
  for (const { key, issuer, ...order } of doc.orders) {
    const issuerId = organizations[issuer];
    const { orders: found } = await execute<{
      orders: { edges: { node: { id: string; number: string; issuedOn: string } }[] };
    }>(
      `query($filter: OrdersFilter) { orders(filter: $filter, first: 50) { edges { node { id number issuedOn } } } }`,
      { filter: { issuerId, issuedFrom: order.issuedOn, issuedTo: order.issuedOn } },
    );
    orders[key] =
      found.edges.find((edge) => edge.node.number === order.number)?.node.id ??
      (created++,
      (
        await execute<{ issueOrder: { id: string } }>(
          `mutation($input: IssueOrderInput!) { issueOrder(input: $input) { id } }`,
          { input: { ...order, issuerId } },
        )
      ).issueOrder.id);
  }

  const programmes: Record<string, string> = {};
  const { programmes: existingProgrammes } = await execute<{ programmes: { id: string; name: string }[] }>(
    `query($regionId: UUID!) { programmes(regionId: $regionId) { id name } }`,
    { regionId: region.id },
  );
  for (const { key, owner, approvingOrder, ...programme } of doc.programmes) {
    programmes[key] =
      existingProgrammes.find((p) => p.name === programme.name)?.id ??
      (created++,
      (
        await execute<{ approveProgramme: { id: string } }>(
          `mutation($input: ApproveProgrammeInput!) { approveProgramme(input: $input) { id } }`,
          {
            input: {
              ...programme,
              ownerId: organizations[owner],
              approvingOrderId: approvingOrder ? orders[approvingOrder] : null,
            },
          },
        )
      ).approveProgramme.id);
  }

  for (const status of doc.statuses) {
    const organizationId = organizations[status.organization];
    const assigningOrderId = orders[status.assigningOrder];
    const { organization } = await execute<{
      organization: { statusHistory: { kind: string; assigningOrder: { id: string } }[] };
    }>(`query($id: UUID!) { organization(id: $id) { statusHistory { kind assigningOrder { id } } } }`, {
      id: organizationId,
    });
    if (
      organization.statusHistory.some(
        (s) => s.kind === status.kind && s.assigningOrder.id === assigningOrderId,
      )
    )
      continue;
    created++;
    await execute(`mutation($input: AssignStatusInput!) { assignStatus(input: $input) { id } }`, {
      input: {
        organizationId,
        kind: status.kind,
        theme: status.theme,
        grounds: status.grounds,
        programmeId: status.programme ? programmes[status.programme] : null,
        assigningOrderId,
        methodologicalCentreId: status.methodologicalCentre
          ? organizations[status.methodologicalCentre]
          : null,
      },
    });
  }
  return { regionId: region.id, municipalityId: municipality.id, organizations, orders, programmes, created };
}

/** An Execute over HTTP (the gateway's /graphql), with optional headers (authorization). */
export function httpExecute(url: string, headers: Record<string, string> = {}): Execute {
  return async <Data>(query: string, variables?: Record<string, unknown>) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Data; errors?: { message: string }[] };
    if (body.errors?.length || !body.data)
      throw new Error(`GraphQL: ${body.errors?.map((e) => e.message).join('; ') ?? response.status}`);
    return body.data;
  };
}
