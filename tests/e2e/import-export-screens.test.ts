import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir';
import { SHOTS, startWebApp, type WebApp } from '../helpers/web-app';
import { sandboxDeals, zohoExportText } from '../helpers/zoho-export';

const THEMES = ['light', 'dark'] as const;

/**
 * The import wizard and the export menus in Chromium (`pulse web` on a fresh profile): a broken
 * file's problems by line, the mapping step, the check's preview, the progress bar, the result,
 * switching to the imported workspace, and exports downloaded with the screen's filters.
 * Screenshots (light and dark) go to test-output/screenshots/import-*.png and export-menu-*.png.
 */
describe('import wizard and export menus (`pulse web`)', () => {
  let app: WebApp;
  let browser: Browser;
  let page: Page;
  const dir = tempDir('pulse-import-ui-');
  const deals = sandboxDeals(400, 21);

  beforeAll(async () => {
    app = await startWebApp(['--data-dir', dir, '--no-demo']);
    browser = app.browser;
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.emulateMedia({ colorScheme: 'light' });
  });
  afterAll(async () => app?.stop());

  async function shoot(name: string) {
    for (const theme of THEMES) {
      await page.emulateMedia({ colorScheme: theme });
      await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
      await page.screenshot({ path: path.join(SHOTS, `${name}-${theme}.png`) });
    }
    await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));
  }

  const upload = (name: string, text: string) =>
    page.getByLabel('CSV file to import').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

  it('lists every bad line of a broken file and imports nothing', async () => {
    await page.goto(`${app.url}#/import`);
    const lines = zohoExportText(deals, { dates: 'dmy', descriptions: false }).split('\r\n');
    lines[4] = lines[4].replace(/,\d{2}\/\d{2}\/\d{4},/, ',31/02/2026,');
    lines[9] = lines[9].split(',').slice(0, 8).join(',');
    await upload('Deals_broken.csv', lines.join('\r\n'));
    await page.getByRole('button', { name: 'Check every row →' }).click();
    const problems = page.getByRole('table', { name: 'Problems' });
    await expect.poll(() => problems.locator('tbody tr').count(), { timeout: 20_000 }).toBe(2);
    expect(await problems.textContent()).toMatch(/5\s*Closing Date: "31\/02\/2026" is not a date/);
    expect(await problems.textContent()).toMatch(/10\s*has 8 values where the header has 27 columns/);
    expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toMatch(
      /2 of 400 rows have a problem — nothing will be imported/,
    );
    await shoot('import-errors');
  });

  it('maps the columns, previews the first rows and what will change, then imports with progress', async () => {
    await page.goto(`${app.url}#/import`);
    await page.reload();
    // A column named differently than Zoho's: the user maps it (and it is remembered).
    const text = zohoExportText(deals, { dates: 'dmy', grouped: true }).replace('Kick-off Date', 'Project go-live');
    await upload('Deals_2026_05_06.csv', text);
    const holds = page.getByLabel('Column Project go-live holds');
    await expect.poll(() => holds.inputValue(), { timeout: 20_000 }).toBe('extra');
    await holds.selectOption('kickoff');
    expect(await page.getByLabel('Column Record Id holds').inputValue()).toBe('id');
    expect(await page.getByLabel('Date order').inputValue()).toBe('dmy');
    await page.getByLabel('Workspace name').fill('APAC export');
    await shoot('import-mapping');

    await page.getByRole('button', { name: 'Check every row →' }).click();
    const preview = page.getByRole('table', { name: 'Preview of the first rows' });
    await expect.poll(() => preview.locator('tbody tr').count(), { timeout: 20_000 }).toBe(10);
    expect(await preview.locator('tbody tr').first().textContent()).toContain(deals[0].Deal_Name);
    // Multi-line descriptions make line numbers skip: the screen says why, so no row looks lost.
    await expect.poll(() => page.getByText('so line numbers can skip').count()).toBe(1);
    expect(await page.getByRole('region', { name: 'What the import will do' }).textContent()).toMatch(/400\s*added/);
    await shoot('import-preview');

    await page.getByRole('button', { name: 'Import 400 deals' }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Imported' }).textContent(), { timeout: 30_000 })
      .toMatch(/Imported 400 deals into “APAC export”.*400 added · 0 changed · 0 removed/s);
    await shoot('import-done');
  });

  it('shows a progress bar while a large file is read', async () => {
    await page.goto(`${app.url}#/import`);
    await page.reload();
    const big = zohoExportText(sandboxDeals(30_000, 3), { dates: 'dmy', grouped: true });
    await upload('Deals_big.csv', big);
    const bar = page.getByRole('progressbar');
    // Under way (past the first chunks), so the picture shows a bar filling up.
    await expect
      .poll(async () => Number((await bar.count()) && (await bar.getAttribute('aria-valuenow'))), { timeout: 20_000 })
      .toBeGreaterThan(5);
    await page.screenshot({ path: path.join(SHOTS, 'import-progress-light.png') });
    await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
    await page.screenshot({ path: path.join(SHOTS, 'import-progress-dark.png') });
    await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));
    await expect.poll(() => page.getByLabel('Column Record Id holds').count(), { timeout: 60_000 }).toBe(1);
  });

  it('opens the imported workspace and exports its deals and opportunities with the screen filters', async () => {
    await page.goto(`${app.url}#/import`);
    const ws = page.getByLabel('Workspace', { exact: true });
    await expect.poll(() => ws.locator('option').allTextContents(), { timeout: 20_000 }).toContain('APAC export');
    const id = await ws.locator('option', { hasText: 'APAC export' }).getAttribute('value');
    await Promise.all([page.waitForEvent('load'), ws.selectOption(id!)]);
    await expect
      .poll(() => page.getByTestId('connection').textContent(), { timeout: 20_000 })
      .toMatch(/Imported workspace “APAC export”/);
    await expect.poll(() => page.getByTestId('deal-count').textContent()).toMatch(/400 deals imported/);

    await page.goto(`${app.url}#/deals`);
    await page.getByLabel('Search deals').fill(deals[0].Deal_Name.split(' ')[0]);
    // The table's count once the search applied (it is part of the shared filter the export takes).
    const total = page.getByTestId('deals-total');
    const dealsShown = async () => Number(((await total.textContent()) ?? '').replace(/\D/g, '') || 400);
    await expect.poll(dealsShown, { timeout: 20_000 }).toBeLessThan(400);
    await page.getByRole('button', { name: /Export/ }).click();
    await shoot('export-menu');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'Excel workbook (.xlsx)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^deals-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const xlsxFile = path.join(dir, download.suggestedFilename());
    await download.saveAs(xlsxFile);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsxFile);
    const shown = await dealsShown();
    expect(wb.getWorksheet('Deals')!.rowCount - 1).toBe(shown);
    expect(shown).toBeLessThan(400);

    await page.goto(`${app.url}#/o2r`);
    await page.getByLabel('Health', { exact: true }).selectOption('RED');
    const status = page.getByRole('search', { name: 'Filter opportunities' }).getByRole('status');
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toMatch(/of/);
    // The status says "N of M" as soon as the filter is on, with N from the list on screen: wait
    // for the filtered list (every row Red) before reading the count the export must match.
    const rowsShown = page.getByRole('table', { name: 'Opportunities' }).locator('tbody tr');
    await expect
      .poll(
        async () => (await rowsShown.count()) > 0 && (await rowsShown.filter({ hasNotText: 'Red' }).count()) === 0,
        {
          timeout: 20_000,
        },
      )
      .toBe(true);
    const redCount = Number((await status.textContent())!.match(/([\d,]+) of/)![1].replace(/,/g, ''));
    await page.getByRole('button', { name: /Export/ }).click();
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'CSV (opens in Excel)' }).click(),
    ]);
    const csvFile = path.join(dir, csv.suggestedFilename());
    await csv.saveAs(csvFile);
    const bytes = fs.readFileSync(csvFile);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = Papa.parse<Record<string, string>>(bytes.toString('utf8').slice(1), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(rows).toHaveLength(redCount);
    expect(new Set(rows.map((r) => r.health))).toEqual(new Set(['RED']));
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Downloaded' }).count()).toBe(1);
  }, 90_000);
});
