import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DEALS } from '../../src-main/demo/demo-workspace';
import { tempDir } from '../helpers/temp-dir';
import { SHOTS, startWebApp, type WebApp } from '../helpers/web-app';
import { freePort } from '../helpers/webhook-rig';

/**
 * Instant updates in Chromium against `pulse web --demo`: set up in Settings → Instant updates
 * (the demo's CRM runs in the same process, so the receiver's own address is the public URL), a
 * deal changed and one deleted "in Zoho" through the demo sandbox's control API show on the open
 * Deals screen within 2 s with no sync run recorded; a broken public URL shows as failing in
 * Settings and the status bar. Screenshots of each state, light and dark.
 */
describe('instant updates in Chromium (`pulse web --demo`)', () => {
  let app: WebApp;
  let page: Page;
  let dataDir: string;
  let port: number;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dataDir = tempDir('pulse-instant-ui-');
    app = await startWebApp(['--demo', '--data-dir', dataDir]);
    port = await freePort();
    page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });
  afterAll(async () => app?.stop());

  const sandbox = (route: string, init?: RequestInit) =>
    fetch(`${app.sandboxUrl}/__sandbox/${route}`, {
      headers: { 'content-type': 'application/json', 'x-sandbox-secret': app.sandboxSecret },
      ...init,
    });

  const runCount = () => {
    const db = new Database(path.join(dataDir, 'demo-workspace', 'pulse.sqlite'), { readonly: true });
    try {
      return db.prepare('SELECT count(*) FROM sync_runs').pluck().get() as number;
    } finally {
      db.close();
    }
  };

  async function setTheme(theme: 'light' | 'dark') {
    if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme)
      await page.getByRole('button', { name: 'Switch light or dark theme' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
  }

  /** The section and the status bar, light and dark. */
  async function shoot(name: string) {
    const section = page.locator('#instant-updates');
    await section.scrollIntoViewIfNeeded();
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(theme);
      await section.screenshot({ path: path.join(SHOTS, `settings-instant-updates-${name}-${theme}.png`) });
      await page
        .getByRole('contentinfo', { name: 'Status' })
        .screenshot({ path: path.join(SHOTS, `status-bar-instant-updates-${name}-${theme}.png`) });
    }
    await setTheme('light');
  }

  const state = () => page.getByTestId('instant-state').textContent();
  const freshness = () => page.getByTestId('freshness').textContent();

  it('off: Settings explains it and the status bar says the periodic sync is in use', async () => {
    await page.goto(`${app.url}#/settings?section=instant-updates`);
    await expect.poll(state).toMatch(/^Off/);
    await expect.poll(freshness).toMatch(/Periodic sync · every 15 min/);
    await shoot('off');
  });

  it('set up in Settings: the round trip passes and the status bar says instant updates', async () => {
    const form = page.getByRole('form', { name: 'Set up instant updates' });
    await form.getByLabel('Public URL').fill(`http://127.0.0.1:${port}/zoho/notify`);
    await form.getByLabel('Receiver port').fill(String(port));
    await form.getByRole('button', { name: 'Set up instant updates' }).click();
    await expect.poll(state, { timeout: 15_000 }).toMatch(/^Working/);
    expect(await page.locator('#instant-updates dd').filter({ hasText: 'Passed' }).textContent()).toMatch(
      /reached the receiver in \d+ ms/,
    );
    await expect.poll(freshness).toMatch(/Instant updates/);
    await shoot('healthy');
  });

  it('a deal edited in Zoho is on the open Deals screen within 2 s, with no sync run recorded', async () => {
    const [deal] = (await (await sandbox('deals?limit=1&offset=7')).json()) as { id: string; Deal_Name: string }[];
    await page.goto(`${app.url}#/deals`);
    await expect.poll(() => page.getByTestId('deal-count').textContent()).toMatch(DEMO_DEALS.toLocaleString('en-US'));
    await page.getByLabel('Search deals').fill(deal.Deal_Name);
    const row = page.getByRole('row').filter({ hasText: deal.Deal_Name });
    await expect.poll(() => row.count()).toBe(1);
    const runs = runCount();

    const renamed = `${deal.Deal_Name} (renamed in Zoho)`;
    const t0 = Date.now();
    expect(
      (await sandbox(`deals/${deal.id}`, { method: 'PATCH', body: JSON.stringify({ Deal_Name: renamed }) })).ok,
    ).toBe(true);
    await expect
      .poll(() => page.getByRole('cell', { name: renamed }).count(), { timeout: 2_000, interval: 50 })
      .toBe(1);
    console.log(`instant update on screen after ${Date.now() - t0} ms`);
    expect(runCount()).toBe(runs);

    expect((await sandbox(`deals/${deal.id}`, { method: 'DELETE' })).ok).toBe(true);
    await expect.poll(() => page.getByText(/^No deals? match/).count(), { timeout: 2_000, interval: 50 }).toBe(1);
    await expect
      .poll(() => page.getByTestId('deal-count').textContent())
      .toMatch((DEMO_DEALS - 1).toLocaleString('en-US'));
    expect(runCount()).toBe(runs);
  });

  it('a public URL that does not reach the receiver: Settings and the status bar say so', async () => {
    const dead = await freePort();
    await page.goto(`${app.url}#/settings?section=instant-updates`);
    await expect.poll(state).toMatch(/^Working/);
    await page.getByRole('button', { name: 'Change…' }).click();
    const form = page.getByRole('form', { name: 'Set up instant updates' });
    await form.getByLabel('Public URL').fill(`http://127.0.0.1:${dead}/zoho/notify`);
    await form.getByRole('button', { name: 'Save and test' }).click();
    await expect.poll(state, { timeout: 15_000 }).toMatch(/^Not working/);
    expect(await state()).toMatch(/cannot be reached: nothing accepts connections there\. The periodic sync keeps/);
    await expect.poll(freshness).toMatch(/Instant updates failing · periodic sync/);
    await shoot('failing');
    await page.getByRole('button', { name: 'Turn off' }).click();
    await expect.poll(state).toMatch(/^Off/);
    expect(pageErrors).toEqual([]);
  });
});
