// @ts-check
// Russian labels for an answer's fields and enum values, read from the schema's descriptions
// (the introspection result the playground already holds). Pure: no DOM, unit-tested in Jest.

/**
 * @typedef {{ kind: string, name?: string | null, ofType?: TypeRef | null }} TypeRef
 * @typedef {{ name: string, description?: string | null, type: TypeRef }} FieldDef
 * @typedef {{ name: string, description?: string | null }} EnumValueDef
 * @typedef {{ kind: string, name: string, description?: string | null, fields?: FieldDef[] | null,
 *   enumValues?: EnumValueDef[] | null, possibleTypes?: { name: string }[] | null }} NamedType
 * @typedef {{ __schema: { queryType: { name: string }, mutationType?: { name: string } | null,
 *   subscriptionType?: { name: string } | null, types: NamedType[] } }} Introspection
 */

const MAX_LABEL = 80;

/**
 * A header-sized label from a description: the part before an explanation («Название, например
 * «Приозерский…»» → «Название»), without references to the seed documents («(000 §1.5)», «, 002»),
 * which matter to developers, not in a report's header.
 * @param {string | null | undefined} description
 * @param {string} fallback the field or value name, when the schema says nothing
 */
export function shortLabel(description, fallback) {
  if (!description) return fallback;
  let label = description.split(/:|\s—\s|,\s*например|\n/)[0];
  label = label
    .replace(/\s*\([^)]*[\d§][^)]*\)/g, '')
    .replace(/\s*\([^)]*$/, '')
    .replace(/,\s*\d{3}(\s*§[\d.]+)?\s*$/, '')
    .replace(/[.\s]+$/, '')
    .trim();
  if (!label) return fallback;
  if (label.length > MAX_LABEL) label = `${label.slice(0, label.lastIndexOf(' ', MAX_LABEL))}…`;
  return label;
}

/** The named type behind NON_NULL and LIST wrappers, and whether a list is among them. */
export function unwrapType(/** @type {TypeRef} */ type) {
  let list = false;
  /** @type {TypeRef | null | undefined} */
  let current = type;
  while (current && (current.kind === 'NON_NULL' || current.kind === 'LIST')) {
    if (current.kind === 'LIST') list = true;
    current = current.ofType;
  }
  return { name: current?.name ?? '', list };
}

/** Lookups over one introspection result. */
export class SchemaIndex {
  /** @param {Introspection} introspection */
  constructor(introspection) {
    /** @type {Map<string, NamedType>} */
    this.types = new Map(introspection.__schema.types.map((t) => [t.name, t]));
    this.rootTypes = {
      query: introspection.__schema.queryType.name,
      mutation: introspection.__schema.mutationType?.name ?? '',
      subscription: introspection.__schema.subscriptionType?.name ?? '',
    };
  }

  /**
   * A field of a type; for an interface or union, the field of the first possible type that has it.
   * @param {string} typeName
   * @param {string} fieldName
   * @returns {FieldDef | undefined}
   */
  field(typeName, fieldName) {
    const type = this.types.get(typeName);
    const own = type?.fields?.find((f) => f.name === fieldName);
    if (own) return own;
    for (const possible of type?.possibleTypes ?? []) {
      const found = this.field(possible.name, fieldName);
      if (found) return found;
    }
    return undefined;
  }

  /** @param {string} typeName */
  isLeaf(typeName) {
    const kind = this.types.get(typeName)?.kind;
    return kind === 'SCALAR' || kind === 'ENUM' || kind === undefined;
  }

  /**
   * Russian labels of an enum's values, in the schema's order.
   * @param {string} typeName
   * @returns {Map<string, string> | undefined}
   */
  enumLabels(typeName) {
    const type = this.types.get(typeName);
    if (type?.kind !== 'ENUM') return undefined;
    return new Map((type.enumValues ?? []).map((v) => [v.name, shortLabel(v.description, v.name)]));
  }
}
