/**
 * What one remembered operation shape costs the gateway's heap (docs/decisions.md §74): the
 * operations of a file (one GraphQL document per line, JSON strings; `npm run bench:gateway:memory`
 * writes the shapes it sends) parsed and validated against the supergraph's API schema, then
 * planned by @apollo/query-planner, each kept as Apollo's stores keep them; and the response
 * cache's count of its bytes against what it holds. The V8 heap is measured after full GCs.
 *
 *   TSX_TSCONFIG_PATH=tsconfig.base.json node --expose-gc --import tsx apps/gateway/src/bench/entry-cost.ts <file>
 */
import { readFileSync } from 'node:fs';

import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner } from '@apollo/query-planner';
import { parse, validate } from 'graphql';

import { ResponseCache } from '@opora/gateway';

import { supergraphPath } from '../gateway-server';

const gc = (globalThis as { gc?: () => void }).gc;

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc!();
  return process.memoryUsage().heapUsed;
}

export function measureEntryCost(operations: string[]): {
  documentKiB: number;
  planKiB: number;
  count: number;
  countedMiB: number;
  heldMiB: number;
} {
  if (!gc) throw new Error('нужен node --expose-gc');
  const count = operations.length - 1;
  const supergraph = Supergraph.build(
    readFileSync(supergraphPath({} as Parameters<typeof supergraphPath>[0]), 'utf8'),
  );
  const api = supergraph.apiSchema();
  const graphqlSchema = api.toGraphQLJSSchema();
  const planner = new QueryPlanner(supergraph);
  // Warm: the planner's own per-schema structures are built once, not per entry.
  planner.buildQueryPlan(operationFromDocument(api, parse(operations[0])));
  const base = heapAfterGc();
  const documents = operations.slice(1).map((operation, i) => {
    const document = parse(operation);
    if (validate(graphqlSchema, document).length) throw new Error(`форма ${i} не проходит проверку`);
    return document;
  });
  const withDocuments = heapAfterGc();
  const plans = documents.map((document) => planner.buildQueryPlan(operationFromDocument(api, document)));
  const withPlans = heapAfterGc();
  if (plans.length !== documents.length) throw new Error('unreachable');
  return {
    count,
    documentKiB: (withDocuments - base) / count / 1024,
    planKiB: (withPlans - withDocuments) / count / 1024,
    ...responseCacheTruth(count),
  };
}

/**
 * The response cache's own count of its bytes against the heap it really takes, for answers like
 * the analysts' (Cyrillic names: two-byte strings in V8).
 */
function responseCacheTruth(count: number): { countedMiB: number; heldMiB: number } {
  const cache = new ResponseCache({ maxBytes: 1024 * 2 ** 20, ttlMs: 3_600_000 });
  const answer = (i: number) =>
    JSON.stringify({
      data: {
        organizations: {
          totalCount: 50,
          edges: Array.from({ length: 1 + (i % 20) }, (_, k) => ({
            node: {
              id: `00000000-0000-4000-8000-${String(i * 100 + k).padStart(12, '0')}`,
              shortName: `МОУ «СОШ № ${k}»`,
            },
          })),
        },
      },
    });
  const before = heapAfterGc();
  for (let i = 0; i < count * 5; i++)
    cache.set(
      `ANALYST|47|*|*\nhash${i}\nS${i}\n{}`,
      answer(i),
      '47',
      cache.epoch('47'),
      Date.now() + 3_600_000,
      Date.now(),
    );
  const after = heapAfterGc();
  return { countedMiB: cache.bytes / 2 ** 20, heldMiB: (after - before) / 2 ** 20 };
}

if (require.main === module) {
  const operations = readFileSync(process.argv[2], 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as string);
  const cost = measureEntryCost(operations);
  process.stdout.write(
    `${cost.count} форм: разобранный документ ${cost.documentKiB.toFixed(1)} КиБ, план запроса ${cost.planKiB.toFixed(1)} КиБ на форму; кэш ответов (${cost.count * 5} ответов): насчитал ${cost.countedMiB.toFixed(1)} МиБ, в куче ${cost.heldMiB.toFixed(1)} МиБ\n`,
  );
}
