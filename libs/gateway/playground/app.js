// The playground's page script, an ES module loaded after the UMD builds of React, ReactDOM,
// GraphiQL and Chart.js (all served by the gateway from node_modules: no internet needed).
//
// The token is read from its field at the moment a request leaves (docs/decisions.md §44): GraphiQL is
// never remounted when the token changes, so the click that follows pasting a token is the click
// that runs the operation. The token lives in sessionStorage (this tab, until it is closed or the
// token is cleared).
import { parse } from './graphql/language/parser.mjs';
import { getIntrospectionQuery } from './graphql/utilities/getIntrospectionQuery.mjs';
import { answerTables } from './answer-table.js';
import { dataDateLine } from './export-meta.js';
import { ResultsView } from './results-view.js';
import { SchemaIndex } from './schema-labels.js';

const TOKEN_KEY = 'opora.token';
const tokenInput = /** @type {HTMLInputElement} */ (document.getElementById('token'));
const clearButton = document.getElementById('token-clear');
const tokenStatus = document.getElementById('token-status');
const select = /** @type {HTMLSelectElement} */ (document.getElementById('example'));
const description = document.getElementById('example-description');
const root = ReactDOM.createRoot(document.getElementById('graphiql'));
const results = new ResultsView(document.getElementById('results'));

// Earlier versions kept the token in localStorage, where it outlived the session.
localStorage.removeItem(TOKEN_KEY);
tokenInput.value = sessionStorage.getItem(TOKEN_KEY) ?? '';
const currentToken = () => tokenInput.value.trim();

/** @type {{ file: string, title: string, description: string, query: string, variables: string }[]} */
let examples = [];
const state = { query: '', variables: '', schema: /** @type {unknown} */ (null) };

async function post(body, token) {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return response.json();
}

/** The schema as the current token may see it; loaded once per token. */
let schemaFor = { token: '', promise: Promise.resolve(/** @type {SchemaIndex | null} */ (null)) };
function loadSchema(token) {
  if (schemaFor.token === token) return schemaFor.promise;
  const promise = token
    ? post({ query: getIntrospectionQuery(), operationName: 'IntrospectionQuery' }, token).then((answer) => {
        if (!answer?.data?.__schema) throw new Error(answer?.errors?.[0]?.message ?? 'схема недоступна');
        return { index: new SchemaIndex(answer.data), introspection: answer.data };
      })
    : Promise.resolve(null);
  schemaFor = { token, promise };
  return promise;
}

async function refreshSchema() {
  const token = currentToken();
  try {
    const loaded = await loadSchema(token);
    if (token !== currentToken()) return;
    state.schema = loaded ? loaded.introspection : null;
    tokenStatus.textContent = token ? '' : 'Вставьте токен, чтобы выполнять запросы';
    tokenStatus.className = '';
  } catch (error) {
    if (token !== currentToken()) return;
    state.schema = null;
    tokenStatus.textContent = `Токен не принят: ${error.message}`;
    tokenStatus.className = 'error';
  }
  render();
}

/** The title of an operation: the example's Russian title, else its GraphQL name. */
function titleOf(query, operationName) {
  const example = examples.find((e) => e.query.trim() === query.trim());
  if (example) return example.title;
  return operationName || /(?:query|mutation)\s+(\w+)/.exec(query)?.[1] || 'Запрос';
}

async function showAnswer(params, answer) {
  const token = currentToken();
  try {
    const loaded = await loadSchema(token);
    if (!loaded) return;
    const document = parse(params.query);
    const tables = answerTables(answer, document, params.operationName, loaded.index);
    const meta = {
      title: titleOf(params.query, params.operationName),
      dataDate: dataDateLine(document, params.operationName, params.variables, new Date()),
    };
    results.show(tables, meta);
  } catch (error) {
    results.showProblem(`Таблица не построена: ${error.message}`);
  }
}

/** One fetcher for the page's life: it reads the token when a request leaves. */
async function fetcher(params) {
  const answer = await post(params, currentToken());
  if (params.operationName !== 'IntrospectionQuery') void showAnswer(params, answer);
  return answer;
}

function render() {
  root.render(
    React.createElement(GraphiQL, {
      fetcher,
      schema: state.schema,
      query: state.query,
      variables: state.variables,
      defaultEditorToolsVisibility: 'variables',
      shouldPersistHeaders: false,
    }),
  );
}

function chooseExample() {
  const example = examples[Number(select.value)];
  if (!example) return;
  description.textContent = example.description;
  state.query = example.query;
  state.variables = example.variables;
  render();
}

let pending = 0;
tokenInput.addEventListener('input', () => {
  const token = currentToken();
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
  // Typing fires per key: fetch the schema once the field is still.
  clearTimeout(pending);
  pending = window.setTimeout(() => void refreshSchema(), 300);
});
clearButton.addEventListener('click', () => {
  tokenInput.value = '';
  sessionStorage.removeItem(TOKEN_KEY);
  results.clear();
  void refreshSchema();
});
select.addEventListener('change', chooseExample);

// Ctrl-Enter (⌘-Enter) runs the operation from the token field too, not only from the editors,
// which GraphiQL handles itself.
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return;
  if (event.target instanceof Element && event.target.closest('#graphiql')) return;
  event.preventDefault();
  document.querySelector('.graphiql-execute-button')?.click();
});

render();
void refreshSchema();
fetch('/playground/operations.json')
  .then((r) => r.json())
  .then((list) => {
    examples = list;
    list.forEach((example, i) => select.add(new Option(example.title, String(i))));
    chooseExample();
  });
