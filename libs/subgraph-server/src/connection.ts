import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

import { InputError } from './errors';

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  /** Counted only when the client asks for it (GraphQL calls the function as the field's resolver). */
  totalCount: () => Promise<number>;
}

/**
 * The connection conventions every subgraph serves (Relay's PageInfo). Declared once, here, and
 * `@shareable`, so that each subgraph that pages a list declares the same type and the supergraph
 * still composes.
 */
export const connectionTypeDefs = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@shareable"])

  "Сведения о странице (Relay)"
  type PageInfo @shareable {
    "Есть ли следующая страница"
    hasNextPage: Boolean!
    "Есть ли предыдущая страница"
    hasPreviousPage: Boolean!
    "Курсор первой записи страницы"
    startCursor: String
    "Курсор последней записи страницы: передайте его в after, чтобы получить следующую"
    endCursor: String
  }
`;

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

const encodeCursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');

function decodeCursor(cursor: string, arity: number): unknown[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === arity) return values;
  } catch {
    // falls through to the error below
  }
  throw new InputError('Неверный курсор страницы: возьмите его из pageInfo.endCursor', 'after');
}

/**
 * A Relay cursor connection over a query, by keyset (not OFFSET): the order is `sort` then the
 * id, and the cursor carries those values, so a page costs the same on page 1 and page 1,000 and
 * rows inserted meanwhile do not shift pages.
 */
export function paginate<T extends ObjectLiteral & { id: string }>(
  query: SelectQueryBuilder<T>,
  page: PageArgs,
  sort: { column: string; value: (row: T) => string | number; direction?: 'ASC' | 'DESC' },
): Promise<Connection<T>> {
  const alias = query.alias;
  const direction = sort.direction ?? 'ASC';
  const counter = query.clone();
  return keysetConnection(
    {
      rows: (limit, after) => {
        const rowsQuery = query.clone();
        if (after)
          rowsQuery.andWhere(
            `(${sort.column}, ${alias}.id) ${direction === 'ASC' ? '>' : '<'} (:cursorValue, :cursorId)`,
            { cursorValue: after.value, cursorId: after.id },
          );
        return rowsQuery
          .orderBy(sort.column, direction)
          .addOrderBy(`${alias}.id`, direction)
          .limit(limit)
          .getMany();
      },
      count: () => counter.getCount(),
    },
    page,
    sort.value,
  );
}

/**
 * Where a keyset connection's rows come from: up to `limit` rows in the order (sort value, then
 * id), after the cursor's pair when given; and how many rows there are in all. For statements
 * written as SQL text (docs/decisions.md §80); `paginate` is the same over a query builder.
 */
export interface KeysetSource<T> {
  rows: (limit: number, after: { value: unknown; id: unknown } | null) => Promise<T[]>;
  count: () => Promise<number>;
}

/** The Relay connection of a keyset source: page size checked, cursors written and read. */
export async function keysetConnection<T extends { id: string }>(
  source: KeysetSource<T>,
  page: PageArgs,
  sortValue: (row: T) => string | number,
): Promise<Connection<T>> {
  const first = page.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE)
    throw new InputError(`Размер страницы first — от 0 до ${MAX_PAGE_SIZE}`, 'first');
  let after: { value: unknown; id: unknown } | null = null;
  if (page.after) {
    const [value, id] = decodeCursor(page.after, 2);
    after = { value, id };
  }
  const rows = await source.rows(first + 1, after);
  // A cursor is written when asked for: a page of 100 rows asked without its edges' cursors
  // spent its time on 100 JSON texts in base64 (docs/decisions.md §80).
  const edges = rows.slice(0, first).map((node) => ({
    node,
    get cursor() {
      return encodeCursor([sortValue(node), node.id]);
    },
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: Boolean(page.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: source.count,
  };
}
