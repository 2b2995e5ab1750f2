import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Supergraph } from '@apollo/federation-internals';
import ExcelJS from 'exceljs';
import { parse, validate } from 'graphql';

import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { httpExecute, loadSeedDocument, priozerskyDirective364 } from '@opora/demo-data';
import { loadExampleOperations } from '@opora/gateway';
import type { ServiceProcess } from '@opora/provision';
import { build, graphqlOk, platformAdminToken, tokenFor } from '@opora/testing';

import type { RunningGateway } from '../gateway-server';

import { startRegistryProcess, startTestGateway } from './support';

const chromiumPath = '/usr/bin/chromium';
/** For a person to look at (tmp/ is ignored by git). */
const screenshots = join(__dirname, '../../../../tmp/screenshots');

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
    // The Priozersky directive 364-р as issued: region 47, the district, its training sites.
    const { regionId } = await loadSeedDocument(
      httpExecute(gateway.url, { authorization: `Bearer ${await platformAdminToken()}` }),
      priozerskyDirective364,
    );
    for (const name of ['Выборгский район', 'Лужский муниципальный район'])
      await graphqlOk(
        gateway.url,
        `mutation($i: CreateMunicipalityInput!) { createMunicipality(input: $i) { id } }`,
        {
          i: build.municipality(regionId, { name }),
        },
      );
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
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

  it('runs the comparison of municipalities in one click after pasting a token, as a table, a chart and a CSV', async () => {
    const context = await browser.newContext({
      viewport: { width: 1400, height: 1000 },
      acceptDownloads: true,
    });
    const blocked: string[] = [];
    const missing: string[] = [];
    await context.route('**/*', (route) => {
      const { hostname } = new URL(route.request().url());
      if (hostname === '127.0.0.1' || hostname === 'localhost') return route.continue();
      blocked.push(route.request().url());
      return route.abort();
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('response', (response) => {
      if (response.status() >= 400) missing.push(`${response.status()} ${response.url()}`);
    });
    let answer: { data: CompareAnswer } | undefined;
    page.on('response', (response) => {
      if (
        response.url().endsWith('/graphql') &&
        response.request().postData()?.includes('CompareMunicipalities')
      )
        void response.json().then((body: { data: CompareAnswer }) => (answer = body));
    });
    try {
      const started = Date.now();
      await page.goto(`${baseUrl}/playground`);
      await page.locator('#example').selectOption({ label: 'Сравнение муниципалитетов региона' });
      await page.locator('.graphiql-query-editor').getByText('CompareMunicipalities').waitFor();
      const loaded = Date.now() - started;
      await page.waitForLoadState('networkidle');
      // As an analyst does it: paste, then go straight to the run button — one click.
      const token = await tokenFor({ subject: 'analyst', role: 'ANALYST', regionCode: '47' });
      await page.locator('#token').click();
      await page.keyboard.insertText(token);
      await page.locator('.graphiql-execute-button').click();

      const table = page.locator('#results table.answer');
      await table.waitFor({ timeout: 30_000 });
      // A figure for the README (not a timed assertion): page load → example shown, and the click → table.
      process.stdout.write(
        `playground: page ready ${loaded} ms, page load to first table ${Date.now() - started} ms\n`,
      );
      const headers = await table.locator('thead th').allInnerTexts();
      expect(headers[0]).toBe('Название');
      expect(headers).toEqual(
        expect.arrayContaining(['Число организаций. Муниципальная стажировочная площадка (МСП)']),
      );
      expect(headers.join(' ')).not.toMatch(/TRAINING_SITE|organizations|statusCounts/);
      const priozersky = table.locator('tbody tr', { hasText: 'Приозерский муниципальный район' });
      await expect(priozersky.count()).resolves.toBe(1);
      expect(await page.locator('#results .context').innerText()).toContain('Ленинградская область');
      expect(await page.locator('#results .meta').innerText()).toContain('Данные на 01.09.2022');
      const figure = table.locator('tbody td.num').first();
      expect(
        await figure.evaluate(
          (td) =>
            (
              globalThis as unknown as { getComputedStyle(e: unknown): { textAlign: string } }
            ).getComputedStyle(td).textAlign,
        ),
      ).toBe('right');
      mkdirSync(screenshots, { recursive: true });
      await page.locator('#results').screenshot({ path: join(screenshots, 'playground-table.png') });

      // Sorted by a figure, descending: the order of the table and of the export.
      const sitesHeader = table.locator('thead th button', { hasText: 'МСП' });
      await sitesHeader.click();
      await sitesHeader.click();
      expect(await table.locator('tbody tr').first().innerText()).toContain(
        'Приозерский муниципальный район',
      );

      const download = page.waitForEvent('download');
      await page.locator('#export-csv').click();
      const csvFile = await (await download).path();
      const csv = readFileSync(csvFile);
      expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = csv.toString('utf8').slice(1).split('\r\n');
      expect(lines[0]).toBe('Сравнение муниципалитетов региона');
      expect(lines[1]).toMatch(/^Данные на 01\.09\.2022/);
      // Read back: every municipality of the JSON answer with its figures, as the CSV says.
      const header = lines.findIndex((l) => l.startsWith('Название;'));
      const columns = lines[header].split(';');
      const csvRows = lines
        .slice(header + 1)
        .filter(Boolean)
        .map((l) => l.split(';'));
      const municipalities = answer?.data.regionByCode.municipalities ?? [];
      expect(municipalities.length).toBeGreaterThan(1);
      expect(csvRows.map((r) => r[0]).sort()).toEqual(municipalities.map((m) => m.name).sort());
      const sites = columns.indexOf('Число организаций. Муниципальная стажировочная площадка (МСП)');
      for (const municipality of municipalities) {
        const row = csvRows.find((r) => r[0] === municipality.name);
        const count = municipality.statusCounts.find((c) => c.kind === 'TRAINING_SITE')?.organizations;
        expect({ name: municipality.name, sites: row?.[sites] }).toEqual({
          name: municipality.name,
          sites: count === undefined ? '' : String(count),
        });
      }
      expect(Number(csvRows[0][sites])).toBeGreaterThan(0);

      const xlsxDownload = page.waitForEvent('download');
      await page.locator('#export-xlsx').click();
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile((await (await xlsxDownload).path())!);
      expect(workbook.worksheets[0].getCell('A1').value).toBe('Сравнение муниципалитетов региона');

      await page.getByRole('button', { name: 'Диаграмма' }).click();
      const canvas = page.locator('#results canvas');
      await canvas.waitFor();
      await page.getByRole('button', { name: 'Во весь экран' }).click();
      await page.locator('#results canvas').waitFor();
      expect(await canvas.evaluate((c) => (c as unknown as { width: number }).width)).toBeGreaterThan(0);
      await page.locator('#results').screenshot({ path: join(screenshots, 'playground-chart.png') });

      // The token survives a reload (this tab's sessionStorage) and can be cleared.
      await page.reload();
      expect(await page.locator('#token').inputValue()).toBe(token);
      await page.locator('#token-clear').click();
      expect(await page.locator('#token').inputValue()).toBe('');
      expect(
        await page.evaluate(() =>
          (
            globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }
          ).sessionStorage.getItem('opora.token'),
        ),
      ).toBeNull();

      expect(pageErrors).toEqual([]);
      expect(missing).toEqual([]);
      // Nothing the page needs lives outside this machine.
      expect(blocked).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('runs with Ctrl-Enter pressed in the token field right after pasting', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${baseUrl}/playground`);
      await page.locator('#example').selectOption({ label: 'Сравнение муниципалитетов региона' });
      await page.locator('.graphiql-query-editor').getByText('CompareMunicipalities').waitFor();
      await page.locator('#token').click();
      await page.keyboard.insertText(
        await tokenFor({ subject: 'analyst', role: 'ANALYST', regionCode: '47' }),
      );
      await page.keyboard.press('Control+Enter');
      await page
        .locator('#results table.answer')
        .getByText('Приозерский муниципальный район')
        .waitFor({ timeout: 30_000 });
    } finally {
      await context.close();
    }
  });
});

interface CompareAnswer {
  regionByCode: {
    municipalities: { name: string; statusCounts: { kind: string; organizations: number }[] }[];
  };
}
