import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * An entity's rows read with SQL text written once, not through TypeORM's query builder: on a
 * list of 100 records with their children the builder's work per statement (aliasing every
 * column, replacing property names in the whole text, mapping each raw row through its alias
 * maps) cost more CPU than the database (docs/decisions.md §80). The select list comes from the
 * entity's metadata, and each value is hydrated by the driver exactly as `find` does it (date
 * strings, transformers, the entity's class), so callers get the same objects.
 */
export interface EntityRows<Entity> {
  /** The entity's table, quoted, for `from`. */
  table: string;
  /** The select list over a table alias: every stored column of the entity. */
  columns: (alias: string) => string;
  /** The quoted column of a property (`municipalityId` → `"municipality_id"`). */
  column: (property: keyof Entity & string) => string;
  /** A row as the driver returns it (keys: column names) → the entity, as `find` builds it. */
  hydrate: (row: Record<string, unknown>) => Entity;
}

/**
 * The reader of an entity's rows. Only for plain entities (columns, no relations, embedded
 * columns, inheritance or soft deletion, which `find` would add conditions for): anything else is
 * refused at start.
 */
export function entityRows<Entity extends ObjectLiteral>(
  dataSource: DataSource,
  target: EntityTarget<Entity>,
): EntityRows<Entity> {
  const metadata = dataSource.getMetadata(target);
  if (
    metadata.relations.length ||
    metadata.embeddeds.length ||
    metadata.childEntityMetadatas.length ||
    metadata.discriminatorColumn ||
    metadata.deleteDateColumn
  )
    throw new Error(
      `entityRows: ${metadata.name} has relations, embedded columns, inheritance or soft deletion`,
    );
  const columns = metadata.columns.filter((column) => !column.isVirtual);
  const driver = dataSource.driver;
  const quote = (name: string) => driver.escape(name);
  return {
    table: metadata.tablePath
      .split('.')
      .map((part) => quote(part))
      .join('.'),
    columns: (alias) => columns.map((column) => `${alias}.${quote(column.databaseName)}`).join(', '),
    column: (property) => {
      const found = columns.find((column) => column.propertyName === property);
      if (!found) throw new Error(`entityRows: ${metadata.name} has no column ${property}`);
      return quote(found.databaseName);
    },
    hydrate: (row) => {
      const entity = metadata.create(undefined, { fromDeserializer: true }) as Entity;
      for (const column of columns) {
        const value = row[column.databaseName];
        if (value !== undefined) column.setEntityValue(entity, driver.prepareHydratedValue(value, column));
      }
      return entity;
    },
  };
}

/**
 * A statement written with named parameters (`:name`, as the query builder takes them) turned
 * once into the driver's positional form (`$1`): `values` orders a request's parameters for it.
 * `::type` casts are left alone.
 */
export function positionalStatement(sql: string): {
  text: string;
  values: (params: Record<string, unknown>) => unknown[];
} {
  const names: string[] = [];
  const text = sql.replace(/(?<!:):([A-Za-z_]\w*)/g, (_, name: string) => {
    const index = names.indexOf(name);
    if (index >= 0) return `$${index + 1}`;
    names.push(name);
    return `$${names.length}`;
  });
  return {
    text,
    values: (params) =>
      names.map((name) => {
        if (!(name in params)) throw new Error(`Statement parameter :${name} is not given`);
        return params[name];
      }),
  };
}

/**
 * What is built once per data source (readers, statement texts) and kept for the process, for
 * services and loaders that are themselves made anew for every request.
 */
export function oncePerDataSource<T>(make: (dataSource: DataSource) => T): (dataSource: DataSource) => T {
  const made = new WeakMap<DataSource, T>();
  return (dataSource) => {
    if (!made.has(dataSource)) made.set(dataSource, make(dataSource));
    return made.get(dataSource) as T;
  };
}
