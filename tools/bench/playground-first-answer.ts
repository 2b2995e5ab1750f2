/**
 * Benchmark: the analysts' playground in headless Chromium against a running gateway (`npm start`
 * on any ports): time from page load to the first answer of the example «Сравнение
 * муниципалитетов региона» shown as a table, and the bytes of the assets the page loads.
 *
 *   npm run bench:playground -- [runs=5] [gateway=http://127.0.0.1:4000] [tokenRegion=47]
 *
 * Each run is a fresh browser context with the analyst's token already in the tab's
 * sessionStorage (as after a reload): load /playground, pick the example, click run once, wait
 * for the table. Prints figures with the data size (municipalities in the answer); asserts nothing.
 */
import { join } from 'node:path';

import { chromium } from 'playwright-core';

import { devAudience, devIssuer, ensureDevKeys, readPem, signToken } from '@opora/auth';
import { workspaceRoot } from '@opora/provision';
import { percentile } from '@opora/testing';

const runs = Number(process.argv[2] ?? 5);
const gateway = (process.argv[3] ?? 'http://127.0.0.1:4000').replace(/\/$/, '');
const regionCode = process.argv[4] ?? '47';
const example = 'Сравнение муниципалитетов региона';

const ms = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(0)} мс, max ${sorted[sorted.length - 1].toFixed(0)} мс`;
};
/** The page's globals, seen from Node's types (the tools compile without the DOM library). */
type PageGlobals = {
  sessionStorage: { setItem(key: string, value: string): void };
  performance: { now(): number };
};

async function main(): Promise<void> {
  const keys = ensureDevKeys(join(workspaceRoot(), '.data/keys'));
  const token = await signToken(
    { subject: 'bench-analyst', role: 'ANALYST', regionCode },
    { privateKeyPem: readPem(keys.privateKeyFile), issuer: devIssuer, audience: devAudience },
  );
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
  });
  const toTable: number[] = [];
  const clickToTable: number[] = [];
  const assets = new Map<string, number>();
  let rows = 0;
  try {
    for (let run = 0; run < runs; run += 1) {
      const context = await browser.newContext();
      await context.addInitScript(
        (value) => (globalThis as unknown as PageGlobals).sessionStorage.setItem('opora.token', value),
        token,
      );
      const page = await context.newPage();
      page.on('response', (response) => {
        const url = new URL(response.url());
        if (url.pathname.startsWith('/playground'))
          void response.body().then((body) => assets.set(url.pathname, body.length));
      });
      await page.goto(`${gateway}/playground`);
      await page.locator('#example').selectOption({ label: example });
      await page.locator('.graphiql-query-editor').getByText('CompareMunicipalities').waitFor();
      const clicked = await page.evaluate(() => (globalThis as unknown as PageGlobals).performance.now());
      await page.locator('.graphiql-execute-button').click();
      await page.locator('#results table.answer').waitFor({ timeout: 60_000 });
      const shown = await page.evaluate(() => (globalThis as unknown as PageGlobals).performance.now());
      toTable.push(shown);
      clickToTable.push(shown - clicked);
      rows = await page.locator('#results table.answer tbody tr').count();
      if (run === runs - 1) {
        // exceljs comes with the first XLSX export only: measured apart.
        const download = page.waitForEvent('download');
        await page.locator('#export-xlsx').click();
        await download;
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const lazy = assets.get('/playground/exceljs.js') ?? 0;
  const total = [...assets.values()].reduce((a, b) => a + b, 0) - lazy;
  process.stdout.write(
    [
      `Песочница ${gateway}/playground, пример «${example}», токен региона ${regionCode}: строк в таблице ${rows}, загрузок ${runs}`,
      `  от начала загрузки страницы до таблицы с ответом: ${ms(toTable)}`,
      `  от нажатия «выполнить» до таблицы:               ${ms(clickToTable)}`,
      `  ресурсы страницы: ${(total / 1024).toFixed(0)} КиБ в ${assets.size - (lazy ? 1 : 0)} файлах; exceljs при первой выгрузке XLSX: ${(lazy / 1024).toFixed(0)} КиБ`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
