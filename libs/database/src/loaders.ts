import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { DataSource, EntityTarget, FindOptionsOrder, FindOptionsWhere, ObjectLiteral } from 'typeorm';

import { entityRows, oncePerDataSource } from './entity-rows';

/**
 * The statement that reads a plain entity's rows by id, written once per data source and entity
 * (docs/decisions.md §80); null for entities `entityRows` does not read (relations…).
 */
const byIdStatements = oncePerDataSource(
  () => new Map<unknown, ((ids: string[]) => Promise<unknown[]>) | null>(),
);

function byIdStatement<Entity extends ObjectLiteral & { id: string }>(
  dataSource: DataSource,
  target: EntityTarget<Entity>,
): ((ids: string[]) => Promise<Entity[]>) | null {
  const statements = byIdStatements(dataSource);
  if (!statements.has(target)) {
    let statement: ((ids: string[]) => Promise<Entity[]>) | null = null;
    try {
      const rows = entityRows(dataSource, target);
      const text = `select ${rows.columns('t')} from ${rows.table} t where t.${rows.column('id')} = any($1)`;
      statement = async (ids) =>
        ((await dataSource.query(text, [ids])) as Record<string, unknown>[]).map(rows.hydrate);
    } catch {
      // Not a plain entity: read through the repository below.
    }
    statements.set(target, statement);
  }
  return statements.get(target) as ((ids: string[]) => Promise<Entity[]>) | null;
}

/**
 * A request-scoped DataLoader of rows by id: N look-ups in one request become one
 * `where id = any(...)` statement (federation `_entities`, nested fields).
 */
export function byIdLoader<Entity extends ObjectLiteral & { id: string }>(
  dataSource: DataSource,
  target: EntityTarget<Entity>,
): DataLoader<string, Entity | null> {
  return new DataLoader<string, Entity | null>(
    async (ids) => {
      const statement = byIdStatement(dataSource, target);
      const rows = statement
        ? await statement([...ids])
        : await dataSource.getRepository(target).findBy({ id: In([...ids]) } as never);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    },
    { maxBatchSize: 1000 },
  );
}

/**
 * A request-scoped DataLoader of the rows whose `column` equals each key (children of a parent),
 * optionally narrowed by a fixed condition (`{ state: Not('SUPERSEDED') }`).
 */
export function groupLoader<Entity extends ObjectLiteral, K extends keyof Entity & string>(
  dataSource: DataSource,
  target: EntityTarget<Entity>,
  column: K,
  order: FindOptionsOrder<Entity>,
  where: FindOptionsWhere<Entity> = {},
): DataLoader<string, Entity[]> {
  return new DataLoader<string, Entity[]>(
    async (keys) => {
      const rows = await dataSource
        .getRepository(target)
        .find({ where: { ...where, [column]: In([...keys]) } as never, order });
      const groups = new Map<string, Entity[]>(keys.map((key) => [key, []]));
      for (const row of rows) groups.get(row[column])?.push(row);
      return keys.map((key) => groups.get(key) ?? []);
    },
    { maxBatchSize: 1000 },
  );
}

/**
 * A row that a foreign key guarantees (an organization's region, a status's order): for fields the
 * schema declares non-null. Its absence is a broken invariant, answered as an internal error.
 */
export async function loadReferenced<Entity>(
  loader: DataLoader<string, Entity | null>,
  id: string,
): Promise<Entity> {
  const row = await loader.load(id);
  if (!row) throw new Error(`Referenced row ${id} is missing`);
  return row;
}
