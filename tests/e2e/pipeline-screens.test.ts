import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDataDir } from '../../src-main/demo/demo-workspace';
import { tempDir } from '../helpers/temp-dir';
import { SHOTS, startWebApp, type WebApp } from '../helpers/web-app';

/**
 * The pipeline screens (Dashboard, Deals, What moved, Alerts) in Chromium through `pulse web --demo`:
 * figures checked against SQL over the demo's own SQLite file, real clicks on chart bars, real edits
 * in the demo's Zoho sandbox brought in by a real sync.
 */

// Open = the stage neither starts with "Closed" nor contains "lost" (docs/dashboard.md), written here in SQL.
const OPEN = `(stage IS NULL OR (stage NOT LIKE 'Closed%' AND stage NOT LIKE '%lost%'))`;

function localDay(d = new Date()) {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
function quarterRange(today = new Date()) {
  const q = Math.floor(today.getMonth() / 3);
  const start = new Date(today.getFullYear(), q * 3, 1);
  const end = new Date(today.getFullYear(), q * 3 + 3, 0);
  return [localDay(start), localDay(end)];
}
const digits = (s: string | null) => Number((s ?? '').replace(/[^\d]/g, ''));

describe('the pipeline screens in Chromium (`pulse web --demo`)', () => {
  let app: WebApp;
  let browser: Browser;
  let dataDir: string;
  let db: Database.Database;

  beforeAll(async () => {
    dataDir = tempDir('pulse-screens-');
    app = await startWebApp(['--demo', '--data-dir', dataDir]);
    browser = app.browser;
    db = new Database(path.join(demoDataDir(dataDir), 'pulse.sqlite'), { readonly: true });
  });
  afterAll(async () => {
    db?.close();
    await app?.stop();
  });

  async function open(hash: string, viewport = { width: 1440, height: 900 }): Promise<Page> {
    const page = await browser.newPage({ viewport });
    await page.goto(`${app.url}#/${hash}`);
    return page;
  }
  const select = (page: Page, label: string) =>
    page.getByRole('region', { name: 'Filters' }).getByLabel(label, { exact: true });
  async function clearFilters(page: Page) {
    // The remembered filter is read first; clearing before that would clear nothing.
    await page.locator('section[aria-label="Filters"][data-loaded="true"]').waitFor({ timeout: 20_000 });
    const clear = page.getByRole('button', { name: 'Clear all' });
    if (await clear.count()) await clear.click();
    await expect.poll(() => page.getByRole('group', { name: 'Active filters' }).textContent()).toMatch(/No filter/);
  }
  async function kpi(page: Page, id: string) {
    const value = page.getByTestId(`kpi-${id}`).locator('.value');
    return { text: await value.textContent(), title: await value.getAttribute('title') };
  }
  function sqlOpen(where: string, params: unknown[]) {
    return db
      .prepare(
        `SELECT count(*) AS n, coalesce(sum(amount_home), 0) AS pipeline,
           coalesce(sum(amount_home * coalesce(probability, 0) / 100.0), 0) AS weighted
         FROM deals WHERE ${OPEN} AND ${where}`,
      )
      .get(...params) as { n: number; pipeline: number; weighted: number };
  }

  it('KPI totals equal a SQL query over the same deals for three filter combinations', async () => {
    const page = await open('dashboard');
    await expect.poll(() => page.getByTestId('kpi-open').textContent(), { timeout: 20_000 }).toMatch(/\d/);
    await clearFilters(page);
    const owner = (await select(page, 'Owner').locator('option').nth(1).textContent())!;
    const country = (await select(page, 'Country').locator('option').nth(1).textContent())!;
    const service = (await select(page, 'Service line').locator('option').nth(1).textContent())!;
    const [qFrom, qTo] = quarterRange();
    const year = String(new Date().getFullYear());

    const combos: { apply: () => Promise<void>; where: string; params: unknown[] }[] = [
      {
        apply: async () => {
          await select(page, 'Probability').selectOption('presales');
          await select(page, 'Closing date').selectOption('thisQuarter');
        },
        where: 'probability BETWEEN 40 AND 70 AND closing_date BETWEEN ? AND ?',
        params: [qFrom, qTo],
      },
      {
        apply: async () => {
          await select(page, 'Owner').selectOption(owner);
          await select(page, 'Country').selectOption(country);
        },
        where: 'owner_name = ? AND country = ?',
        params: [owner, country],
      },
      {
        apply: async () => {
          await select(page, 'Probability').selectOption('active');
          await select(page, 'Closing date').selectOption('thisYear');
          await select(page, 'Service line').selectOption(service);
        },
        // Service line is a multi-select, stored "A; B": the deal has the chosen one among its lines.
        where: `probability BETWEEN 10 AND 89 AND closing_date BETWEEN ? AND ? AND instr('; ' || service_line || '; ', ?) > 0`,
        params: [`${year}-01-01`, `${year}-12-31`, `; ${service}; `],
      },
    ];
    for (const combo of combos) {
      await clearFilters(page);
      await combo.apply();
      const expected = sqlOpen(combo.where, combo.params);
      expect(expected.n).toBeGreaterThan(0);
      await expect.poll(async () => digits((await kpi(page, 'open')).text)).toBe(expected.n);
      await expect.poll(async () => digits((await kpi(page, 'pipeline')).title)).toBe(Math.round(expected.pipeline));
      expect(digits((await kpi(page, 'weighted')).title)).toBe(Math.round(expected.weighted));
      expect((await kpi(page, 'pipeline')).text).toMatch(/^S\$[\d.,]+[KMB]?$/);
    }
    await clearFilters(page);
    await page.close();
  });

  it('a click on a bar lists exactly the deals of that bar on the Deals screen', async () => {
    const page = await open('dashboard');
    await clearFilters(page);
    const canvas = page.getByTestId('chart-country').locator('canvas');
    await expect
      .poll(async () => JSON.parse((await canvas.getAttribute('data-bars')) ?? '[]').length)
      .toBeGreaterThan(1);
    const bars = JSON.parse((await canvas.getAttribute('data-bars'))!) as { x: number; y: number }[];
    // The second-largest country, and how many deals its bar says it has ("Figures": name, "N deals", amount).
    const second = page.getByTestId('chart-country').locator('details tr').nth(1);
    const name = (await second.locator('td').nth(0).textContent())!.trim();
    const count = digits(await second.locator('td').nth(1).textContent());
    await canvas.click({ position: bars[1] });
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/deals');
    const expected = sqlOpen('country = ?', [name]).n;
    expect(Number(count)).toBe(expected);
    await expect
      .poll(() => page.getByTestId('deals-total').textContent())
      .toBe(`${expected.toLocaleString('en-US')} deals`);
    const chips = page.getByRole('group', { name: 'Active filters' });
    await expect
      .poll(() => chips.textContent())
      .toMatch(new RegExp(`Country: ${name}.*Open deals only|Open deals only.*Country: ${name}`));
    const countries = await page.locator('tr.deal td:nth-child(9)').allTextContents();
    expect(countries.length).toBeGreaterThan(0);
    expect(new Set(countries)).toEqual(new Set([name]));
    await page.screenshot({ path: path.join(SHOTS, 'pipeline-drill-down-light.png') });
    await clearFilters(page);
    await page.close();
  });

  it("the Deals table shows each deal's O2R health as a label, sorts by it, and the drawer shows it too", async () => {
    const page = await open('deals');
    await clearFilters(page);
    await expect.poll(() => page.locator('tr.deal').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    // The health each opportunity has now, as the O2R tracker recorded it for this week.
    const healths = db
      .prepare(
        `SELECT deal_id AS id, health FROM o2r_health_history WHERE week = (SELECT max(week) FROM o2r_health_history)`,
      )
      .all() as { id: string; health: string }[];
    const LABEL: Record<string, string> = {
      BLOCKED: 'Blocked',
      RED: 'Red',
      YELLOW: 'Yellow',
      NEEDS_UPDATE: 'Needs update',
      GREEN: 'Green',
    };
    const red = healths.find((h) => h.health === 'RED')!;
    const { name } = db.prepare('SELECT name FROM deals WHERE id = ?').get(red.id) as { name: string };
    await page.getByLabel('Search deals').fill(name);
    const row = page.locator(`tr.deal[data-id="${red.id}"]`);
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => row.getByTestId('deal-health').textContent()).toContain('Red');
    await row.click();
    await expect.poll(() => page.getByTestId('detail-health').textContent()).toContain('Red');
    await page.getByRole('button', { name: 'Close deal details (Escape)' }).click();
    await clearFilters(page);

    // Sorted by health: the worst first, in the tracker's order, every label spelled out.
    await page.getByRole('button', { name: 'Health', exact: true }).click();
    const firstRows = page.locator('tr.deal[data-id] [data-testid="deal-health"]');
    await expect.poll(() => firstRows.count(), { timeout: 20_000 }).toBeGreaterThan(5);
    const worst = ['BLOCKED', 'RED', 'YELLOW', 'NEEDS_UPDATE', 'GREEN'].find((h) =>
      healths.some((x) => x.health === h),
    )!;
    await expect.poll(() => firstRows.first().textContent()).toContain(LABEL[worst]);
    await page.close();
  });

  it('a fresh demo lists data-quality alerts from its history, each linking to its deal', async () => {
    const page = await open('alerts');
    const links = page.getByRole('table', { name: 'Alerts' }).getByRole('link');
    await expect.poll(() => links.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const stored = db.prepare('SELECT count(*) AS n FROM o2r_alerts').get() as { n: number };
    expect(stored.n).toBeGreaterThan(0);
    // Every alert names a deal of the demo and says what changed.
    const first = page.getByRole('table', { name: 'Alerts' }).locator('tbody tr').first();
    await expect.poll(() => first.locator('td').nth(3).textContent()).toMatch(/moved backwards|changed|dropped|pushed/);
    const href = (await links.first().getAttribute('href'))!;
    const dealId = /deal=(.+)$/.exec(href)![1];
    const deal = db.prepare('SELECT name FROM deals WHERE id = ?').get(dealId) as { name: string } | undefined;
    expect(deal?.name).toBeTruthy();
    await links.first().click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/deals?deal=${dealId}`);
    await expect
      .poll(() => page.getByRole('complementary', { name: 'Deal details' }).textContent())
      .toContain(deal!.name);
    // The Dashboard counts them.
    await page.evaluate(() => (location.hash = '#/dashboard'));
    await expect
      .poll(() => page.getByTestId('alerts-count').textContent(), { timeout: 20_000 })
      .toMatch(/^\d+ data-quality alerts?/);
    await page.close();
  });

  it('a deal edited in the sandbox shows on screen after the next sync, with no reload, and in What moved', async () => {
    const [deal] = db
      .prepare(
        `SELECT id, name, closing_date AS closing FROM deals WHERE ${OPEN} AND closing_date IS NOT NULL AND amount_home > 0 ORDER BY id LIMIT 1`,
      )
      .all() as { id: string; name: string; closing: string }[];
    const page = await open('deals');
    await clearFilters(page);
    await page.getByLabel('Search deals').fill(deal.name);
    const row = page.locator(`tr.deal[data-id="${deal.id}"]`);
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    await row.click();
    await expect
      .poll(() => page.getByRole('complementary', { name: 'Deal details' }).textContent())
      .toContain(deal.name);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

    // Someone in the CRM pushes the deal out by 120 days (past the 90 days a data-quality alert names).
    const later = new Date(Date.parse(`${deal.closing}T00:00:00Z`) + 120 * 86_400_000).toISOString().slice(0, 10);
    const patch = await fetch(`${app.sandboxUrl}/__sandbox/deals/${deal.id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', 'x-sandbox-secret': app.sandboxSecret },
      body: JSON.stringify({ Closing_Date: later }),
    });
    expect(patch.status).toBe(200);
    await page.locator('footer').getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => row.locator('td:nth-child(8)').textContent(), { timeout: 30_000 }).toBe(later);
    // Same page (no reload), the deal still open in its panel.
    expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(42);
    await expect.poll(() => page.getByRole('complementary', { name: 'Deal details' }).textContent()).toContain(later);

    await page.locator('nav').getByRole('link', { name: 'What moved' }).click();
    await page.getByLabel('Search deals').fill(deal.name);
    const bucket = page.getByTestId('bucket-pushedOut');
    await expect.poll(() => bucket.locator('.count').textContent(), { timeout: 20_000 }).toBe('1');
    await bucket.click();
    const list = page.getByRole('region', { name: 'Pushed out' });
    await expect.poll(() => list.textContent()).toContain(deal.name);
    await expect.poll(() => list.textContent()).toContain(later);

    // The Alerts screen lists the pushed closing date, linked to the deal.
    await page.locator('nav').getByRole('link', { name: 'Alerts' }).click();
    const alert = page.getByRole('table', { name: 'Alerts' }).getByRole('link', { name: deal.name });
    await expect.poll(() => alert.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await alert.first().click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/deals?deal=${deal.id}`);
    await expect
      .poll(() => page.getByRole('complementary', { name: 'Deal details' }).textContent())
      .toContain(deal.name);
    await clearFilters(page);
    await page.close();
  });

  it('a filter changes KPIs, charts and table consistently, and survives a restart', async () => {
    let page = await open('dashboard');
    await clearFilters(page);
    const owner = (await select(page, 'Owner').locator('option').nth(2).textContent())!;
    await select(page, 'Owner').selectOption(owner);
    await select(page, 'Probability').selectOption('active');
    const expected = sqlOpen('owner_name = ? AND probability BETWEEN 10 AND 89', [owner]);
    await expect.poll(async () => digits((await kpi(page, 'open')).text)).toBe(expected.n);
    // The owner chart now has one bar: this owner, with every open deal of the filter.
    const ownerRows = page.getByTestId('chart-owner').locator('details tr');
    await expect.poll(() => ownerRows.count()).toBe(1);
    await expect.poll(() => ownerRows.locator('td').nth(0).textContent()).toBe(owner);
    expect(digits(await ownerRows.locator('td').nth(1).textContent())).toBe(expected.n);
    const stageCounts = await page.getByTestId('chart-stage').locator('details tr td:nth-child(2)').allTextContents();
    expect(stageCounts.reduce((s, t) => s + digits(t), 0)).toBe(expected.n);
    await page.locator('nav').getByRole('link', { name: 'Deals' }).click();
    const all = db
      .prepare(`SELECT count(*) AS n FROM deals WHERE owner_name = ? AND probability BETWEEN 10 AND 89`)
      .get(owner) as { n: number };
    await expect
      .poll(() => page.getByTestId('deals-total').textContent())
      .toBe(`${all.n.toLocaleString('en-US')} deals`);
    await page.close();

    // Restart the host on the same profile: the filter is still there.
    db.close();
    await app.stop();
    app = await startWebApp(['--demo', '--data-dir', dataDir]);
    browser = app.browser;
    db = new Database(path.join(demoDataDir(dataDir), 'pulse.sqlite'), { readonly: true });
    page = await open('dashboard');
    const chips = page.getByRole('group', { name: 'Active filters' });
    await expect.poll(() => chips.textContent(), { timeout: 20_000 }).toContain(`Owner: ${owner}`);
    await expect.poll(() => chips.textContent()).toContain('Active 10–89 %');
    await expect.poll(async () => digits((await kpi(page, 'open')).text)).toBe(expected.n);
    await clearFilters(page);
    await page.close();
  });

  it('downloads a chart and the whole dashboard as PNG', async () => {
    const page = await open('dashboard');
    await expect.poll(() => page.getByTestId('kpi-open').textContent(), { timeout: 20_000 }).toMatch(/\d/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download Pipeline by stage as PNG' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('pipeline-by-stage.png');
    const file = path.join(SHOTS, 'chart-export-pipeline-by-stage.png');
    await download.saveAs(file);
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(5_000);

    const [whole] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Dashboard as PNG' }).click(),
    ]);
    expect(whole.suggestedFilename()).toMatch(/^dashboard-\d{4}-\d{2}-\d{2}\.png$/);
    const wholeFile = path.join(SHOTS, 'dashboard-export.png');
    await whole.saveAs(wholeFile);
    expect(fs.readFileSync(wholeFile).subarray(1, 4).toString()).toBe('PNG');
    await page.close();
  });

  it('screenshots of every pipeline screen, light and dark, at 1440×900 and 1024×768', async () => {
    const [deal] = db.prepare(`SELECT id FROM deals WHERE ${OPEN} ORDER BY amount_home DESC LIMIT 1`).all() as {
      id: string;
    }[];
    for (const viewport of [
      { width: 1440, height: 900 },
      { width: 1024, height: 768 },
    ]) {
      const page = await open('dashboard', viewport);
      await expect.poll(() => page.getByTestId('kpi-open').textContent(), { timeout: 20_000 }).toMatch(/\d/);
      // Pictures of the app as a user normally sees it: online (the offline test runs after this one).
      expect(await page.getByTestId('offline').count()).toBe(0);
      for (const theme of ['light', 'dark'] as const) {
        if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme)
          await page.getByRole('button', { name: 'Switch light or dark theme' }).click();
        await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
        for (const [screen, hash] of [
          ['dashboard', 'dashboard'],
          ['deals', `deals?deal=${deal.id}`],
          ['what-moved', 'moved'],
          ['alerts', 'alerts'],
        ]) {
          await page.evaluate((h) => (location.hash = `#/${h}`), hash);
          await expect.poll(() => page.locator('main').textContent()).not.toMatch(/Loading…/);
          const file = path.join(SHOTS, `pipeline-${screen}-${viewport.width}-${theme}.png`);
          await page.screenshot({ path: file });
          if (screen === 'dashboard') {
            // The whole dashboard too: <main> scrolls, so let the page grow for this one picture.
            const style = await page.addStyleTag({
              content: '#app, .shell { height: auto !important } main { overflow: visible !important }',
            });
            await page.screenshot({ path: file.replace('.png', '-full.png'), fullPage: true });
            await style.evaluate((el) => el.parentNode?.removeChild(el));
          }
        }
      }
      await page.close();
    }
  });
  it('offline, opens on the cached pipeline and says how old it is', async () => {
    const faults = (value: unknown) =>
      fetch(`${app.sandboxUrl}/__sandbox/faults`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', 'x-sandbox-secret': app.sandboxSecret },
        body: JSON.stringify(value),
      });
    // Every connection to "Zoho" is reset: the network is gone.
    expect((await faults({ seed: 1, rates: { reset: 1 } })).status).toBe(200);
    try {
      const page = await open('dashboard');
      await expect.poll(() => page.getByTestId('kpi-open').textContent(), { timeout: 20_000 }).toMatch(/\d/);
      await page.locator('footer').getByRole('button', { name: 'Sync now' }).click();
      await expect
        .poll(() => page.getByTestId('offline').textContent(), { timeout: 60_000 })
        .toMatch(/^Offline · showing the cached pipeline from (just now|\d+ (seconds?|minutes?) ago)$/);
      // A new window opens on the cached figures.
      await page.reload();
      await expect.poll(() => page.getByTestId('kpi-open').textContent(), { timeout: 20_000 }).toMatch(/\d/);
      await expect.poll(() => page.getByTestId('offline').count()).toBe(1);
      await page.screenshot({ path: path.join(SHOTS, 'pipeline-offline-light.png') });
      await page.close();
    } finally {
      await faults(null);
    }
  });
});
