/**
 * The cross-subgraph part of the gateway benchmark's data (docs/decisions.md §73): the seed
 * documents, the Moscow open data, the Priozersky plan and events and the Moscow results, entered
 * through a gateway by the loaders `npm start` uses (@opora/demo-data), on top of the synthetic
 * region 47 — so region 47's analysts see a training site with its agreed plan, the events held
 * for its items, and the network's activity the monitoring service projects from both.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Principal } from '@opora/auth';
import { httpExecute, loadAgreementsDemo, loadDemoData, loadMonitoringDemo } from '@opora/demo-data';
import { workspaceRoot } from '@opora/provision';

import { post } from './gateway-bench-setup';

export interface CrossDataSet {
  regionId: string;
  /** The training site (СОШ № 4) and the centre whose plans the analysts open. */
  organizations: string[];
  describe: string;
}

/** The analysts' cross-subgraph operations: each needs two or three subgraphs to answer. */
export const crossSubgraphOperations = {
  // registry (the organization, its statuses) → agreements (its plans) → events (each item's events)
  SitePlansWithEvents: `query SitePlansWithEvents($id: UUID!) {
  organization(id: $id) { id shortName statuses { id kind validFrom heldThrough }
    plans { id title state version periodFrom periodTo items { id activityKind topic plannedOn state events { id title state } } } }
}`,
  // events (the calendar) → registry (each organizer) → agreements (the plan item fulfilled)
  CalendarWithOrganizers: `query CalendarWithOrganizers($regionId: UUID!, $from: DateTime!, $to: DateTime!) {
  calendar(filter: { regionId: $regionId, from: $from, to: $to, includeCancelled: true }, first: 100) {
    totalCount edges { node { id title kind format state startsAtLocal organizer { id shortName } planItem { id topic state } } }
  }
}`,
  // registry (the region and its municipalities) → monitoring (the activity of each)
  MunicipalitiesActivity: `query MunicipalitiesActivity($code: String!, $from: Date, $to: Date) {
  regionByCode(code: $code) { id name municipalities { id name activity(from: $from, to: $to) {
    activeAgreements planFulfilment { planned done cancelled percent } eventsByKind { kind format held participants }
    participantsReached tutoringHours materialsPublished } } }
}`,
};

export type CrossOperationName = keyof typeof crossSubgraphOperations;
export const crossOperationNames = Object.keys(crossSubgraphOperations) as CrossOperationName[];

/** Periods around the demo's events (February, March and December 2026): none of them empty. */
const windows = [
  ['2025-09-01T00:00:00Z', '2026-09-01T00:00:00Z'],
  ['2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z'],
  ['2026-02-01T00:00:00Z', '2026-04-01T00:00:00Z'],
  ['2026-09-01T00:00:00Z', '2027-09-01T00:00:00Z'],
];

/** The k-th cross-subgraph request: analysts return to a few views (2 organizations, 4 periods). */
export function crossRequestFor(
  data: CrossDataSet,
  k: number,
): { name: CrossOperationName; query: string; variables: Record<string, unknown> } {
  const name = crossOperationNames[k % crossOperationNames.length];
  const j = Math.floor(k / crossOperationNames.length);
  const [from, to] = windows[j % windows.length];
  const variables = {
    SitePlansWithEvents: () => ({ id: data.organizations[j % data.organizations.length] }),
    CalendarWithOrganizers: () => ({ regionId: data.regionId, from, to }),
    MunicipalitiesActivity: () => ({ code: '47', from: from.slice(0, 10), to: to.slice(0, 10) }),
  }[name]();
  return { name, query: crossSubgraphOperations[name], variables };
}

/**
 * Enters the demo through `gatewayUrl` (an uncached gateway over all four subgraphs) as `npm
 * start` does, then waits until every cross-subgraph answer stands still (the services' projections
 * fed by Kafka have caught up): the same answer twice, 3 s apart.
 */
export async function loadCrossSubgraphData(
  gatewayUrl: string,
  sign: (principal: Principal) => Promise<string>,
  analystToken: string,
): Promise<CrossDataSet> {
  const operator = await sign({ subject: 'bench-demo', role: 'PLATFORM_ADMIN', regionCode: null });
  const execute = httpExecute(gatewayUrl, { authorization: `Bearer ${operator}` });
  const moscowPath = join(workspaceRoot(), '../shared/data/moscow-ege-2015-2016.csv');
  const moscowCsv = existsSync(moscowPath)
    ? { name: 'moscow-ege-2015-2016.csv', content: readFileSync(moscowPath) }
    : undefined;
  await loadDemoData(execute, { moscowCsv });
  const demo = await loadAgreementsDemo(
    (principal) => async (query, variables) =>
      httpExecute(gatewayUrl, { authorization: `Bearer ${await sign(principal)}` })(query, variables),
    execute,
  );
  if (moscowCsv) await loadMonitoringDemo(execute, moscowCsv);
  const { regionByCode } = await execute<{ regionByCode: { id: string } }>(
    `query { regionByCode(code: "47") { id } }`,
  );
  const data: CrossDataSet = {
    regionId: regionByCode.id,
    organizations: [demo.priozersky.siteId, demo.priozersky.centreId],
    describe: `демо-данные через шлюз (документы 364-р и 129, план и мероприятия Приозерского района, школы и результаты ЕГЭ Москвы${moscowCsv ? '' : ' — файл Москвы не найден'})`,
  };
  const answers = async () =>
    JSON.stringify(
      await Promise.all(
        Array.from({ length: crossOperationNames.length * windows.length }, async (_, k) => {
          const { query, variables } = crossRequestFor(data, k);
          return (await post(gatewayUrl, analystToken, { query, variables })).json;
        }),
      ),
    );
  const started = performance.now();
  for (let previous = await answers(); ;) {
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const now = await answers();
    // Settled, and none of the views empty: the events are in the calendar, the plan has items.
    if (
      now === previous &&
      !now.includes('"errors"') &&
      !now.includes('"totalCount":0') &&
      now.includes('"items":[{')
    )
      break;
    if (performance.now() - started > 180_000)
      throw new Error(`межподграфовые ответы не устоялись за 3 минуты: ${now.slice(0, 600)}`);
    previous = now;
  }
  return data;
}
