import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Supergraph } from '@apollo/federation-internals';
import { parse, validate } from 'graphql';

import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { loadExampleOperations } from '@opora/gateway';
import type { ServiceProcess } from '@opora/provision';
import { build, graphqlOk, tokenFor } from '@opora/testing';

import type { RunningGateway } from '../gateway-server';

import { startRegistryProcess, startTestGateway } from './support';

const chromiumPath = '/usr/bin/chromium';

/**
 * The analysts' playground in a real headless Chromium with every request outside this machine
 * aborted: the page loads from the gateway alone, a pasted token authenticates, and an example
 * operation's result appears on screen.
 */
describe('playground at /playground (headless Chromium, no internet)', () => {
  let registry: ServiceProcess;
  let gateway: RunningGateway;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    if (!existsSync(chromiumPath))
      throw new Error(
        `Нет ${chromiumPath}: браузерный тест песочницы требует Debian-пакет chromium. Установите: apt-get update && apt-get install -y chromium (npm test делает это сам, когда запущен от root).`,
      );
    registry = await startRegistryProcess('playground');
    gateway = await startTestGateway({ REGISTRY_URL: registry.graphqlUrl });
    baseUrl = gateway.url.replace(/\/graphql$/, '');
    const { createRegion } = await graphqlOk(
      gateway.url,
      `mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }`,
      { i: build.region({ code: '47', name: 'Ленинградская область' }) },
    );
    await graphqlOk(
      gateway.url,
      `mutation($i: CreateMunicipalityInput!) { createMunicipality(input: $i) { id } }`,
      { i: build.municipality(createRegion.id, { name: 'Приозерский муниципальный район' }) },
    );
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
    await registry?.stop();
  });

  it('preloads every documented example, each a valid operation with a Russian title', () => {
    const examples = loadExampleOperations();
    expect(examples.map((e) => e.title)).toEqual(
      expect.arrayContaining([
        'Сравнение муниципалитетов региона',
        'История статусов школы',
        'Отчёт муниципальной стажировочной площадки',
      ]),
    );
    const api = Supergraph.build(readFileSync(join(__dirname, '../../supergraph.graphql'), 'utf8'))
      .apiSchema()
      .toGraphQLJSSchema();
    for (const example of examples)
      expect({
        file: example.file,
        errors: validate(api, parse(example.query)).map((e) => e.message),
      }).toEqual({
        file: example.file,
        errors: [],
      });
  });

  it('runs the example "compare the municipalities of a region" with a pasted analyst token', async () => {
    const context = await browser.newContext();
    const blocked: string[] = [];
    await context.route('**/*', (route) => {
      const { hostname } = new URL(route.request().url());
      if (hostname === '127.0.0.1' || hostname === 'localhost') return route.continue();
      blocked.push(route.request().url());
      return route.abort();
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    try {
      await page.goto(`${baseUrl}/playground`);
      const token = await tokenFor({ subject: 'analyst', role: 'ANALYST', regionCode: '47' });
      await page.locator('#token').fill(token);
      await page.locator('#token').dispatchEvent('change');
      await page.locator('#example').selectOption({ label: 'Сравнение муниципалитетов региона' });
      // The editor is remounted with the example and the schema is fetched with the token.
      await page.locator('.graphiql-query-editor').getByText('CompareMunicipalities').waitFor();
      await page.waitForLoadState('networkidle');
      await page.locator('.graphiql-execute-button').click();
      const response = page.locator('.graphiql-response');
      await response.getByText('Приозерский муниципальный район').waitFor({ timeout: 30_000 });
      expect(await response.innerText()).toContain('Ленинградская область');
      expect(pageErrors).toEqual([]);
      // Nothing the page needs lives outside this machine.
      expect(blocked).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
