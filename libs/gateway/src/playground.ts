import { readdirSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';

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
/** A file of an installed package (its "exports" hide the UMD builds from require.resolve). */
const resolveAsset = (request: string) => {
  const [scopeOrName, ...rest] = request.split('/');
  return join(dirname(require.resolve(`${scopeOrName}/package.json`)), ...rest);
};

/** Every asset is served from this process: the playground works with no internet. */
const assets: Record<string, { file: string; type: string }> = {
  'react.js': { file: resolveAsset('react/umd/react.production.min.js'), type: 'text/javascript' },
  'react-dom.js': {
    file: resolveAsset('react-dom/umd/react-dom.production.min.js'),
    type: 'text/javascript',
  },
  'graphiql.js': { file: resolveAsset('graphiql/graphiql.min.js'), type: 'text/javascript' },
  'graphiql.css': { file: resolveAsset('graphiql/graphiql.min.css'), type: 'text/css' },
  'app.js': { file: join(__dirname, '../playground/app.js'), type: 'text/javascript' },
  'playground.css': { file: join(__dirname, '../playground/playground.css'), type: 'text/css' },
};

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
  <link rel="stylesheet" href="/playground/graphiql.css">
  <link rel="stylesheet" href="/playground/playground.css">
</head>
<body>
  <header>
    <strong>Опора — песочница для аналитиков</strong>
    <label>Токен доступа <input id="token" type="password" autocomplete="off" placeholder="вставьте токен (npm run token -- --role ANALYST --region 47)"></label>
    <label>Пример <select id="example"></select></label>
    <span id="example-description"></span>
  </header>
  <div id="graphiql">Загрузка…</div>
  <script src="/playground/react.js"></script>
  <script src="/playground/react-dom.js"></script>
  <script src="/playground/graphiql.js"></script>
  <script src="/playground/app.js"></script>
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
