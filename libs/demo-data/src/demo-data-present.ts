import type { Execute } from './load-seed-documents';
import { seedDocuments } from './seed-documents';

/**
 * Whether the demo is already in the system, judged from the data itself rather than from a
 * marker file of the checkout (a marker would survive a switch to an empty database): every seed
 * document's orders are there with the statuses they assign, and Moscow holds at least
 * `moscowSchools` organizations. Read through the API with the loader's token.
 */
export async function demoDataPresent(execute: Execute, moscowSchools?: number): Promise<boolean> {
  for (const doc of seedDocuments) {
    const { regionByCode } = await execute<{ regionByCode: { id: string } | null }>(
      `query DemoRegion($code: String!) { regionByCode(code: $code) { id } }`,
      { code: doc.region.code },
    );
    if (!regionByCode) return false;
    const { orders } = await execute<{
      orders: { edges: { node: { number: string; issuedOn: string; assignedStatuses: unknown[] } }[] };
    }>(
      `query DemoOrders($filter: OrdersFilter) {
         orders(filter: $filter, first: 100) { edges { node { number issuedOn assignedStatuses { id } } } } }`,
      { filter: { regionId: regionByCode.id } },
    );
    for (const order of doc.orders) {
      const found = orders.edges.find(
        (e) => e.node.number === order.number && e.node.issuedOn === order.issuedOn,
      );
      const assigns = doc.statuses.filter((s) => s.assigningOrder === order.key).length;
      if (!found || found.node.assignedStatuses.length < assigns) return false;
    }
  }
  if (moscowSchools === undefined) return true;
  const { regionByCode: moscow } = await execute<{ regionByCode: { id: string } | null }>(
    `query DemoMoscow { regionByCode(code: "77") { id } }`,
  );
  if (!moscow) return false;
  const { organizations } = await execute<{ organizations: { totalCount: number } }>(
    `query DemoMoscowSchools($filter: OrganizationsFilter) { organizations(filter: $filter, first: 1) { totalCount } }`,
    { filter: { regionId: moscow.id } },
  );
  return organizations.totalCount >= moscowSchools;
}
