// @ts-check
// Any GraphQL answer as tables an official can read: the operation's selections, matched with the
// schema, turn lists of objects into rows and nested objects into columns with dotted Russian
// headers from the fields' descriptions. Pure: the parsed operation and the introspection result
// come in, plain data goes out (docs/decisions.md §44).
import { shortLabel, unwrapType } from './schema-labels.js';

/** @typedef {import('./schema-labels.js').SchemaIndex} SchemaIndex */
/**
 * @typedef {'number' | 'date' | 'datetime' | 'boolean' | 'enum' | 'text'} ColumnKind
 * @typedef {{ id: string, header: string, kind: ColumnKind, labels?: Map<string, string>,
 *   sortKey: number[] }} Column
 * @typedef {Record<string, unknown>} Row
 * @typedef {{ header: string, column: Column, value: unknown }} ContextLine
 * @typedef {{ title: string, context: ContextLine[], columns: Column[], rows: Row[] }} Table
 * @typedef {{ key: string, name: string, parentType: string, selectionSets: any[] }} FieldEntry
 */

/** @param {string} scalar @param {boolean} isEnum @returns {ColumnKind} */
function kindOf(scalar, isEnum) {
  if (isEnum) return 'enum';
  switch (scalar) {
    case 'Int':
    case 'Float':
      return 'number';
    case 'Date':
      return 'date';
    case 'DateTime':
      return 'datetime';
    case 'Boolean':
      return 'boolean';
    default:
      return 'text';
  }
}

/** @param {unknown} value @returns {value is Record<string, unknown>} */
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** @param {number[]} a @param {number[]} b */
function compareKeys(a, b) {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

class Flattener {
  /** @param {SchemaIndex} schema @param {Record<string, any>} fragments */
  constructor(schema, fragments) {
    this.schema = schema;
    this.fragments = fragments;
  }

  /**
   * The fields a selection set asks for on a type, merged by response key (aliases kept apart),
   * fragments inlined; `__typename` is plumbing, not data, and so is an unaliased `id`: the
   * examples select it for caching clients (docs/decisions.md §34), and a column of UUIDs says
   * nothing to an official. Aliased (`schoolId: id`), it is the analyst's choice and stays.
   * @param {any[]} selectionSets
   * @param {string} typeName
   * @param {Map<string, FieldEntry>} [out]
   */
  collect(selectionSets, typeName, out = new Map()) {
    for (const set of selectionSets)
      for (const selection of set.selections) {
        if (selection.kind === 'Field') {
          if (selection.name.value === '__typename') continue;
          if (selection.name.value === 'id' && !selection.alias) continue;
          const key = selection.alias?.value ?? selection.name.value;
          /** @type {FieldEntry} */
          const entry = out.get(key) ?? {
            key,
            name: selection.name.value,
            parentType: typeName,
            selectionSets: [],
          };
          if (selection.selectionSet) entry.selectionSets.push(selection.selectionSet);
          out.set(key, entry);
        } else if (selection.kind === 'InlineFragment') {
          this.collect([selection.selectionSet], selection.typeCondition?.name.value ?? typeName, out);
        } else if (selection.kind === 'FragmentSpread') {
          const fragment = this.fragments[selection.name.value];
          if (fragment) this.collect([fragment.selectionSet], fragment.typeCondition.name.value, out);
        }
      }
    return out;
  }

  /** @param {FieldEntry} entry */
  info(entry) {
    const def = this.schema.field(entry.parentType, entry.name);
    const { name, list } = def ? unwrapType(def.type) : { name: '', list: false };
    const leaf = entry.selectionSets.length === 0;
    const labels = this.schema.enumLabels(name);
    return {
      typeName: name,
      list,
      leaf,
      label: shortLabel(def?.description, entry.key),
      kind: kindOf(name, labels !== undefined),
      labels,
      children: () => this.collect(entry.selectionSets, name),
    };
  }
}

/** Columns of one table, in selection order whatever row first shows them. */
class ColumnSet {
  constructor() {
    /** @type {Map<string, Column>} */
    this.byId = new Map();
  }

  /** @param {Column} column */
  add(column) {
    if (!this.byId.has(column.id)) this.byId.set(column.id, column);
  }

  list() {
    return [...this.byId.values()].sort((a, b) => compareKeys(a.sortKey, b.sortKey));
  }
}

/**
 * A nested list that reads best as columns: items of one category (an enum or a name) and
 * figures, such as `statusCounts { kind organizations }` — one column per category, so a row
 * per municipality compares at a glance.
 * @param {Flattener} flattener @param {Map<string, FieldEntry>} children
 */
function pivotShape(flattener, children) {
  const fields = [...children.values()].map((entry) => ({ entry, info: flattener.info(entry) }));
  if (fields.some((f) => !f.info.leaf || f.info.list)) return undefined;
  const categories = fields.filter((f) => f.info.kind === 'enum' || f.info.kind === 'text');
  const figures = fields.filter((f) => f.info.kind === 'number');
  if (categories.length !== 1 || figures.length === 0 || categories.length + figures.length !== fields.length)
    return undefined;
  return { category: categories[0], figures };
}

/** @param {Row[]} left @param {Row[]} right */
const crossJoin = (left, right) => left.flatMap((l) => right.map((r) => ({ ...l, ...r })));

/**
 * The rows one object yields: one, or one per item of the first nested list that is neither a
 * list of figures by category (pivoted into columns) nor a further list (written as text).
 * @param {Flattener} flattener
 * @param {unknown} value
 * @param {Map<string, FieldEntry>} fields
 * @param {{ ids: string[], labels: string[], sortKey: number[], transparent?: string }} at
 * @param {ColumnSet} columns
 * @returns {Row[]}
 */
function expandRows(flattener, value, fields, at, columns) {
  const object = isObject(value) ? value : {};
  /** @type {Row[]} */
  let rows = [{}];
  let unnested = false;
  [...fields.values()].forEach((entry, index) => {
    const info = flattener.info(entry);
    const raw = object[entry.key];
    const ids = [...at.ids, entry.key];
    const sortKey = [...at.sortKey, index];
    // A Relay connection's `edges { node { … } }`: the node is the row, not a column group.
    const labels = entry.key === at.transparent ? at.labels : [...at.labels, info.label];
    if (info.leaf) {
      const id = ids.join('.');
      columns.add({ id, header: labels.join('. '), kind: info.kind, labels: info.labels, sortKey });
      for (const row of rows) row[id] = raw ?? null;
      return;
    }
    const children = info.children();
    if (!info.list) {
      rows = crossJoin(rows, expandRows(flattener, raw, children, { ids, labels, sortKey }, columns));
      return;
    }
    const items = Array.isArray(raw) ? raw.filter(isObject) : [];
    const pivot = pivotShape(flattener, children);
    if (pivot) {
      const { category, figures } = pivot;
      const order = category.info.labels ? [...category.info.labels.keys()] : [];
      for (const item of items) {
        const value = String(item[category.entry.key] ?? '');
        const categoryLabel = category.info.labels?.get(value) ?? value;
        if (!order.includes(value)) order.push(value);
        figures.forEach((figure, figureIndex) => {
          const id = `${ids.join('.')}[${value}].${figure.entry.key}`;
          const header = [...at.labels, figure.info.label, categoryLabel].join('. ');
          columns.add({
            id,
            header,
            kind: 'number',
            sortKey: [...sortKey, order.indexOf(value), figureIndex],
          });
          for (const row of rows) row[id] = item[figure.entry.key] ?? null;
        });
      }
      return;
    }
    if (!unnested) {
      unnested = true;
      const nested = { ids, labels, sortKey };
      const itemRows = items.flatMap((item) => expandRows(flattener, item, children, nested, columns));
      // No items: the columns still exist and the row stays, with blanks.
      rows = crossJoin(
        rows,
        itemRows.length ? itemRows : expandRows(flattener, null, children, nested, columns),
      );
      return;
    }
    const id = ids.join('.');
    columns.add({ id, header: labels.join('. '), kind: 'text', sortKey });
    const text = items
      .map((item) =>
        Object.values(item)
          .filter((v) => v !== null && !isObject(v))
          .join(' · '),
      )
      .join('; ');
    for (const row of rows) row[id] = text;
  });
  return rows;
}

/**
 * Lists of objects found in the answer outside other lists, each with the values of the objects
 * around it (shown above its table: «Название региона: Ленинградская область»).
 * @param {Flattener} flattener
 * @param {unknown} value
 * @param {Map<string, FieldEntry>} fields
 * @param {string[]} labels
 * @param {ContextLine[]} context
 * @param {{ entry: FieldEntry, info: ReturnType<Flattener['info']>, items: unknown[], labels: string[], context: ContextLine[] }[]} sources
 */
function findSources(flattener, value, fields, labels, context, sources) {
  if (!isObject(value)) return;
  const entries = [...fields.values()].map((entry) => ({ entry, info: flattener.info(entry) }));
  const ownContext = [...context];
  for (const { entry, info } of entries)
    if (info.leaf) {
      const header = [...labels, info.label].join('. ');
      ownContext.push({
        header,
        column: { id: entry.key, header, kind: info.kind, labels: info.labels, sortKey: [] },
        value: value[entry.key],
      });
    }
  for (const { entry, info } of entries) {
    if (info.leaf) continue;
    const raw = value[entry.key];
    if (info.list)
      sources.push({ entry, info, items: Array.isArray(raw) ? raw : [], labels, context: ownContext });
    else findSources(flattener, raw, info.children(), [...labels, info.label], ownContext, sources);
  }
}

/**
 * The tables of an answer.
 * @param {{ data?: unknown }} answer the GraphQL response
 * @param {any} document the parsed operation (graphql-js AST)
 * @param {string | undefined | null} operationName
 * @param {SchemaIndex} schema
 * @returns {Table[]}
 */
export function answerTables(answer, document, operationName, schema) {
  /** @type {any[]} */
  const definitions = document.definitions;
  const operations = definitions.filter((d) => d.kind === 'OperationDefinition');
  const operation =
    operations.find((o) => !operationName || o.name?.value === operationName) ?? operations[0];
  if (!operation || !isObject(answer.data)) return [];
  const fragments = Object.fromEntries(
    definitions.filter((d) => d.kind === 'FragmentDefinition').map((d) => [d.name.value, d]),
  );
  const flattener = new Flattener(schema, fragments);
  /** @type {'query' | 'mutation' | 'subscription'} */
  const type = operation.operation;
  const rootFields = flattener.collect([operation.selectionSet], schema.rootTypes[type]);

  /** @type {Parameters<typeof findSources>[5]} */
  const sources = [];
  findSources(flattener, answer.data, rootFields, [], [], sources);
  if (sources.length === 0) {
    // No list anywhere (one organization, one order): its fields as one row.
    const columns = new ColumnSet();
    const rows = expandRows(
      flattener,
      answer.data,
      rootFields,
      { ids: [], labels: [], sortKey: [] },
      columns,
    );
    return [{ title: '', context: [], columns: columns.list(), rows: complete(rows, columns) }];
  }
  return sources.map(({ entry, info, items, labels, context }) => {
    const columns = new ColumnSet();
    const children = info.children();
    const connection = entry.key === 'edges' && children.has('node');
    const at = { ids: [entry.key], labels: [], sortKey: [], transparent: connection ? 'node' : undefined };
    /** @type {Row[]} */
    const rows = items.filter(isObject).flatMap((item) => expandRows(flattener, item, children, at, columns));
    if (rows.length === 0) expandRows(flattener, null, children, at, columns);
    return {
      title: (connection ? labels : [...labels, info.label]).join('. '),
      context: context.filter((line) => line.value !== null && line.value !== undefined),
      columns: columns.list(),
      rows: complete(rows, columns),
    };
  });
}

/** Every row with every column: a category a municipality lacks reads as an empty cell. */
function complete(/** @type {Row[]} */ rows, /** @type {ColumnSet} */ columns) {
  return rows.map((row) => Object.fromEntries([...columns.byId.keys()].map((id) => [id, row[id] ?? null])));
}
