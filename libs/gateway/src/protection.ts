import { ApolloArmor } from '@escape.tech/graphql-armor';

/**
 * Limits on what one operation may ask (graphql-armor). The numbers leave room for the example
 * operations (depth 6, a handful of aliases) and refuse what no screen needs: a hostile
 * operation is rejected while parsing (tokens) or validating (depth, aliases, directives, cost),
 * before any subgraph is called.
 */
export const limits = {
  maxDepth: 12,
  maxAliases: 15,
  maxDirectives: 20,
  /** Tokens of the document: a 1,000-deep query has ~3,000; the longest example ~150. */
  maxTokens: 5000,
  /**
   * graphql-armor's cost: 2 per object, 1 per scalar, ×1.5 per level, × `first` of a list. A full
   * page (500 organizations with their statuses) costs ~21,500; fan-outs through nested lists of
   * every page (organizations → statuses → orders → their statuses → …) cost far more.
   */
  maxCost: 25_000,
};

/**
 * graphql-armor's validation rules, depth first: a very deep query is usually too costly as well,
 * and armor itself lists the cost refusal first, so the client would read «too costly» for what
 * the README calls `QUERY_TOO_DEEP`. The cost rule is built by a second armor and put last.
 */
export function armor() {
  const shape = new ApolloArmor({
    maxDepth: { n: limits.maxDepth },
    // Every alias counts, `__typename` too (armor exempts it by default): 10,000 `a: __typename`
    // cost the server as much as any other alias, and no screen needs to rename it.
    maxAliases: { n: limits.maxAliases, allowList: [] },
    maxDirectives: { n: limits.maxDirectives },
    // Tokens are counted by graphql-js's own parser option (parseOptions in gateway-server):
    // armor's counter throws from a plugin, which Apollo answers with 500 instead of 400.
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    // Suggestions ("Did you mean …?") would map the schema for someone not allowed to introspect it.
    blockFieldSuggestion: { enabled: true },
  }).protect();
  const cost = new ApolloArmor({
    maxDepth: { enabled: false },
    maxAliases: { enabled: false },
    maxDirectives: { enabled: false },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
    costLimit: { maxCost: limits.maxCost },
  }).protect();
  return {
    validationRules: [...shape.validationRules, ...cost.validationRules],
    plugins: [...shape.plugins, ...cost.plugins],
  };
}

/**
 * armor prints the cost as JavaScript prints a number: `5.5e+35`, `21468.75`. It is read whole
 * (not up to the first non-digit, which turned 5.5e+35 into «5») and written the Russian way.
 */
export function russianCost(printed: string): string {
  const cost = Number(printed);
  if (!Number.isFinite(cost)) return printed;
  if (cost < 1e15) return Math.ceil(cost).toLocaleString('ru-RU').replace(/\s/g, ' ');
  const [mantissa, exponent] = cost.toExponential(2).split('e');
  return `${mantissa.replace('.', ',')}·10^${Number(exponent)}`;
}

/** Russian messages and stable codes for graphql-armor's and Apollo's refusals (English otherwise). */
const refusals: [RegExp, string, (m: RegExpExecArray) => string][] = [
  [
    /Query depth limit of (\d+) exceeded, found (\d+)/,
    'QUERY_TOO_DEEP',
    (m) => `Запрос слишком глубокий: ${m[2]} уровней при пределе ${m[1]}`,
  ],
  [
    /Aliases limit of (\d+) exceeded, found (\d+)/,
    'TOO_MANY_ALIASES',
    (m) => `Слишком много псевдонимов: ${m[2]} при пределе ${m[1]}`,
  ],
  [
    /Directives limit of (\d+) exceeded, found (\d+)/,
    'TOO_MANY_DIRECTIVES',
    (m) => `Слишком много директив: ${m[2]} при пределе ${m[1]}`,
  ],
  [
    /Document contains more tha[nt] (\d+) tokens/,
    'TOO_MANY_TOKENS',
    (m) => `Запрос слишком длинный: больше ${m[1]} лексем`,
  ],
  [
    /Query Cost limit of (\d+) exceeded, found ([\d.]+(?:e[+-]?\d+)?|Infinity)/,
    'QUERY_TOO_COSTLY',
    (m) => `Запрос слишком дорогой: стоимость ${russianCost(m[2])} при пределе ${russianCost(m[1])}`,
  ],
  [
    /^PersistedQueryNotFound$/,
    'PERSISTED_QUERY_NOT_FOUND',
    () => 'Сохранённый запрос не найден: пришлите текст запроса вместе с хэшем',
  ],
  [
    /provided sha does not match query/,
    'PERSISTED_QUERY_HASH_MISMATCH',
    () =>
      'Хэш сохранённого запроса не совпадает с его текстом: ожидается SHA-256 текста запроса, 64 шестнадцатеричные цифры',
  ],
  [
    /^PersistedQueryNotSupported$/,
    'PERSISTED_QUERY_NOT_SUPPORTED',
    () => 'Сохранённые запросы не поддерживаются',
  ],
  [
    /Operation batching disabled/,
    'BATCHING_DISABLED',
    () => 'Пакетные запросы (массив операций) не принимаются: отправляйте по одной операции',
  ],
  [
    /This operation has been blocked as a potential Cross-Site Request Forgery/,
    'CSRF_BLOCKED',
    () =>
      'Запрос отклонён как возможная межсайтовая подделка (CSRF): отправляйте его с заголовком Content-Type: application/json',
  ],
  [/^Syntax Error: (.*)/s, 'GRAPHQL_PARSE_FAILED', (m) => `Синтаксическая ошибка в запросе: ${m[1]}`],
  [
    /^Cannot query field "(\w+)" on type "(\w+)"/,
    'GRAPHQL_VALIDATION_FAILED',
    (m) => `У типа ${m[2]} нет поля ${m[1]}`,
  ],
];

/** Codes of refusals that mean "the request is wrong" (HTTP 400), whatever stage raised them. */
export const refusalCodes = new Set(refusals.map(([, code]) => code));

/** The gateway's own errors in Russian with stable codes; subgraphs' errors pass unchanged. */
export function formatGatewayError(formatted: { message: string; extensions?: Record<string, unknown> }) {
  for (const [pattern, code, message] of refusals) {
    const match = pattern.exec(formatted.message);
    if (match) return { message: message(match), extensions: { ...formatted.extensions, code } };
  }
  if (formatted.extensions?.code === 'GRAPHQL_VALIDATION_FAILED')
    return { ...formatted, message: `Запрос не соответствует схеме: ${formatted.message}` };
  return formatted;
}
