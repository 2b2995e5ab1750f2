import { GraphQLError, Kind, parse, visit } from 'graphql';
import type { ASTNode, DocumentNode } from 'graphql';

/**
 * graphql-js's own refusals — coercing variables and validating literals written in the query —
 * come in English, naming the variable at best. Users get a stable code, the input field's path
 * (`input.reason`, not only `$input`) and a Russian message saying what is expected
 * (docs/decisions.md §34). The English text stays in `extensions.detail` for developers.
 */
interface Formatted {
  message: string;
  locations?: readonly { line: number; column: number }[];
  path?: readonly (string | number)[];
  extensions?: Record<string, unknown>;
}

/** What graphql-js says is wrong, in Russian, from its message. */
const hints: [RegExp, (m: RegExpExecArray) => string][] = [
  // A missing value first: its message names the type too ("UUID!").
  [
    /of required type "([^"]+)" was not provided|must not be null|is required, but it was not provided/,
    () => 'обязательное значение не задано',
  ],
  [/Value "([^"]*)" does not exist in "(\w+)" enum/, (m) => `значения «${m[1]}» нет в перечне ${m[2]}`],
  [/Enum "(\w+)" cannot represent non-enum value: ([^.;]*)/, (m) => `${m[2]} не входит в перечень ${m[1]}`],
  [/LocalDate|"Date!?"/, () => 'ожидается дата ГГГГ-ММ-ДД, например 2021-03-11'],
  [
    /DateTime/,
    () => 'ожидается момент времени ISO 8601 с часовым поясом, например 2021-03-11T09:00:00+03:00',
  ],
  [/UUID/, () => 'ожидается идентификатор UUID'],
  [/Int cannot represent|"Int!?"/, () => 'ожидается целое число'],
  [/String cannot represent|"String!?"/, () => 'ожидается строка в кавычках'],
  [/Boolean cannot represent/, () => 'ожидается true или false'],
  [/Field "(\w+)" is not defined by type "(\w+)"/, (m) => `у ${m[2]} нет поля ${m[1]}`],
  [/Unknown argument "(\w+)"/, (m) => `неизвестный аргумент ${m[1]}`],
  [/Expected type "(\w+)" to be an object|to be an object/, () => 'ожидается объект { … }'],
];

const hintFor = (text: string) => {
  for (const [pattern, hint] of hints) {
    const match = pattern.exec(text);
    if (match) return hint(match);
  }
  return null;
};

/** The path of argument and input-object field names down to `target` (its start offset). */
function inputPathAt(document: DocumentNode, start: number): string | null {
  let found: string | null = null;
  visit(document, {
    enter(node: ASTNode, _key, parent, _path, ancestors) {
      if (found !== null || node.loc?.start !== start) return undefined;
      // graphql-js's `ancestors` stop before the parent: the parent is added here.
      const names = [...ancestors, parent, node]
        .filter((a): a is ASTNode => !Array.isArray(a) && typeof a === 'object' && a !== null && 'kind' in a)
        .filter((a) => a.kind === Kind.ARGUMENT || a.kind === Kind.OBJECT_FIELD)
        .map((a) => (a as { name: { value: string } }).name.value);
      if (names.length) found = names.join('.');
      return undefined;
    },
  });
  return found;
}

function fieldOfValidationError(error: GraphQLError): string | null {
  const node = error.nodes?.[0];
  const body = error.source?.body;
  if (!node?.loc || !body) return null;
  try {
    return inputPathAt(parse(body), node.loc.start);
  } catch {
    return null;
  }
}

/**
 * Translates a graphql-js coercion or validation error; any other error is returned unchanged.
 * `error` is the original GraphQLError (Apollo's formatError gives it as its second argument).
 */
export function translateGraphQLJsError(formatted: Formatted, error?: unknown): Formatted {
  const code = formatted.extensions?.code;
  const text = formatted.message;
  if (code === 'BAD_USER_INPUT' && text.startsWith('Variable "$')) {
    const at = /Variable "\$(\w+)" got invalid value .*? at "([^"]+)"/s.exec(text);
    const variable = /Variable "\$(\w+)"/.exec(text);
    return refusal(
      formatted,
      withMissingField(at ? at[2] : (variable?.[1] ?? null), text),
      hintFor(text) ?? 'значение не подходит по типу',
    );
  }
  if (
    code === 'GRAPHQL_VALIDATION_FAILED' &&
    /^(Expected value of type|Enum |Value |Field "|Argument |Unknown argument|String cannot|Int cannot|Boolean cannot)/.test(
      text,
    )
  ) {
    const hint = hintFor(text);
    if (!hint) return formatted;
    const field =
      (typeof formatted.extensions?.field === 'string' ? formatted.extensions.field : null) ??
      withMissingField(error instanceof GraphQLError ? fieldOfValidationError(error) : null, text);
    return refusal(formatted, field, hint);
  }
  return formatted;
}

/**
 * An input object given without one of its required fields: graphql-js points at the object
 * (`filter`) and names the field in its text (`Field "CalendarFilter.from"` inline, `Field "from"`
 * in a variable); the path names the missing field itself (`filter.from`).
 */
function withMissingField(path: string | null, text: string): string | null {
  const missing = /Field "(?:\w+\.)?(\w+)" of required type "[^"]+" was not provided/.exec(text);
  if (!missing) return path;
  return path ? `${path}.${missing[1]}` : missing[1];
}

/** The Russian refusal: same code, the field at fault, graphql-js's text kept as `detail`. */
function refusal(formatted: Formatted, field: string | null, hint: string): Formatted {
  return {
    ...formatted,
    message: `Неверное значение ${field ? `поля ${field}` : 'в запросе'}: ${hint}`,
    extensions: { ...formatted.extensions, ...(field ? { field } : {}), detail: formatted.message },
  };
}
