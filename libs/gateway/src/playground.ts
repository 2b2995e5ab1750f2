import { readdirSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { dirname, join, posix, sep } from 'node:path';

import type { RouteHandler } from '@opora/subgraph-server';

/** An example operation from docs/operations: title and description from its leading comments. */
export interface ExampleOperation {
  file: string;
  title: string;
  description: string;
  query: string;
  variables: string;
}

/**
 * From source (libs/gateway/src): the workspace root; from the bundle (dist/apps/gateway/src):
 * dist, where the gateway's build copies docs/operations (and this lib's playground folder).
 */
const root = join(__dirname, '../../..');
/**
 * A file of an installed package. Its "exports" hide the UMD builds (and, for chart.js, even
 * package.json) from require.resolve, so the package's folder is found from its main entry.
 */
const resolveAsset = (request: string) => {
  const [first, ...rest] = request.split('/');
  const name = first.startsWith('@') ? `${first}/${rest.shift()}` : first;
  const main = require.resolve(name);
  const folder = `${sep}node_modules${sep}${name.split('/').join(sep)}`;
  return join(main.slice(0, main.lastIndexOf(folder) + folder.length), ...rest);
};

const javascript = 'text/javascript';
/** This lib's browser modules: the page script and the pure modules it imports (§44). */
const playgroundDir = join(__dirname, '../playground');

/** Every asset is served from this process: the playground works with no internet. */
const assets: Record<string, { file: string; type: string }> = {
  'react.js': { file: resolveAsset('react/umd/react.production.min.js'), type: javascript },
  'react-dom.js': { file: resolveAsset('react-dom/umd/react-dom.production.min.js'), type: javascript },
  'graphiql.js': { file: resolveAsset('graphiql/graphiql.min.js'), type: javascript },
  'graphiql.css': { file: resolveAsset('graphiql/graphiql.min.css'), type: 'text/css' },
  'chart.js': { file: resolveAsset('chart.js/dist/chart.umd.min.js'), type: javascript },
  // Loaded by the page on the first XLSX export only.
  'exceljs.js': { file: resolveAsset('exceljs/dist/exceljs.min.js'), type: javascript },
  'playground.css': { file: join(playgroundDir, 'playground.css'), type: 'text/css' },
  'favicon.svg': { file: join(playgroundDir, 'favicon.svg'), type: 'image/svg+xml' },
  ...Object.fromEntries(
    readdirSync(playgroundDir)
      .filter((f) => f.endsWith('.js'))
      .map((f) => [f, { file: join(playgroundDir, f), type: javascript }]),
  ),
  ...graphqlModules(['language/parser.mjs', 'utilities/getIntrospectionQuery.mjs']),
};

/**
 * graphql-js's own ES modules that the page imports (the parser, the introspection query), with
 * everything they import, found by following their relative imports: served as they are, no bundle.
 */
function graphqlModules(entries: string[]): Record<string, { file: string; type: string }> {
  const base = dirname(require.resolve('graphql/package.json'));
  const found = new Set<string>();
  const visit = (path: string) => {
    if (found.has(path)) return;
    found.add(path);
    const text = readFileSync(join(base, path), 'utf8');
    for (const [, spec] of text.matchAll(/^(?:import|export)[^'"]*from '(\.{1,2}\/[^']+)'/gm))
      visit(posix.normalize(posix.join(posix.dirname(path), spec)));
  };
  entries.forEach(visit);
  return Object.fromEntries(
    [...found].map((path) => [`graphql/${path}`, { file: join(base, path), type: javascript }]),
  );
}

export function loadExampleOperations(dir = join(root, 'docs/operations')): ExampleOperation[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort((a, b) => Number(a === 'registry.graphql') - Number(b === 'registry.graphql') || a.localeCompare(b))
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      const comments = /^(?:#.*\n)+/.exec(text)?.[0].split('\n').filter(Boolean) ?? [];
      const lines = comments.map((l) => l.replace(/^#\s?/, ''));
      const variablesLine = lines.find((l) => l.startsWith('Переменные:'));
      return {
        file,
        title: lines[0] ?? file,
        description: lines
          .slice(1)
          .filter((l) => l !== variablesLine)
          .join(' '),
        query: text,
        variables: variablesLine ? variablesLine.replace('Переменные:', '').trim() : '',
      };
    });
}

function page(): string {
  return `<!doctype html>
<html lang="ru">
<head>
  <meta charset="utf-8">
  <title>Опора — песочница GraphQL</title>
  <link rel="icon" href="/playground/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/playground/graphiql.css">
  <link rel="stylesheet" href="/playground/playground.css">
</head>
<body>
  <header>
    <strong>Опора — песочница для аналитиков</strong>
    <label>Токен доступа <input id="token" type="password" autocomplete="off" placeholder="вставьте токен (npm run token -- --role ANALYST --region 47)"></label>
    <button type="button" id="token-clear" title="Удалить токен из этой вкладки">Забыть токен</button>
    <span id="token-status"></span>
    <label>Пример <select id="example"></select></label>
    <span id="example-description"></span>
  </header>
  <main>
    <div id="graphiql">Загрузка…</div>
    <section id="results" aria-label="Ответ таблицей" hidden></section>
  </main>
  <script src="/playground/react.js"></script>
  <script src="/playground/react-dom.js"></script>
  <script src="/playground/graphiql.js"></script>
  <script src="/playground/chart.js"></script>
  <script type="module" src="/playground/app.js"></script>
</body>
</html>`;
}

function send(res: ServerResponse, type: string, body: string | Buffer): void {
  res.writeHead(200, {
    'content-type': `${type}; charset=utf-8`,
    'cache-control': 'no-cache',
    // Everything from this origin: the page must work with no internet.
    'content-security-policy':
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:",
  });
  res.end(body);
}

/**
 * GET /playground: GraphiQL for analysts, with a field for the token and the documented example
 * operations of docs/operations preloaded. Static and anonymous (the page holds no data); every
 * GraphQL request it makes carries the pasted token.
 */
export function playgroundRoutes(): Record<string, RouteHandler> {
  const examples = JSON.stringify(loadExampleOperations());
  const routes: Record<string, RouteHandler> = {
    '/playground': (_req, res) => send(res, 'text/html', page()),
    '/playground/operations.json': (_req, res) => send(res, 'application/json', examples),
  };
  for (const [name, asset] of Object.entries(assets)) {
    const body = readFileSync(asset.file);
    routes[`/playground/${name}`] = (_req, res) => send(res, asset.type, body);
  }
  return routes;
}
