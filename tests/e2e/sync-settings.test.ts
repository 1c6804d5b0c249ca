import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DEALS } from '../../src-main/demo/demo-workspace';
import { tempDir } from '../helpers/temp-dir';
import { SHOTS, startWebApp, type WebApp } from '../helpers/web-app';

const count = (n: number) => `${n.toLocaleString('en-US')} deals cached`;
const text = async (l: Locator) => ((await l.textContent()) ?? '').replace(/\s+/g, ' ');

/**
 * Settings → Sync, Field mapping and Currency, and the fail-safe banner, in Chromium against
 * `pulse web --demo`. The demo's Zoho sandbox runs inside that process; the test reaches it
 * through its `/__sandbox/` control API (with the secret the helper handed it) to delete deals
 * "in the CRM".
 */
describe('sync settings and the fail-safe in Chromium (`pulse web --demo`)', () => {
  let app: WebApp;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    app = await startWebApp(['--demo', '--data-dir', tempDir('pulse-sync-ui-')]);
    ({ browser, url } = app);
  });

  afterAll(async () => app?.stop());

  async function open(hash: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url + hash);
    return page;
  }

  /** The status bar's Sync now button is enabled only when no sync runs. */
  async function idle(page: Page, deals = DEMO_DEALS) {
    await expect.poll(() => page.getByTestId('deal-count').textContent(), { timeout: 30_000 }).toBe(count(deals));
    await expect
      .poll(() => page.locator('footer').getByRole('button', { name: 'Sync now' }).isEnabled(), { timeout: 30_000 })
      .toBe(true);
  }

  async function setTheme(page: Page, theme: 'light' | 'dark') {
    if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme) {
      await page.getByRole('button', { name: 'Switch light or dark theme' }).click();
    }
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
  }

  async function shoot(page: Page, name: string, region?: string) {
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(page, theme);
      const file = path.join(SHOTS, `${name}-${theme}.png`);
      if (region) await page.getByRole('region', { name: region }).screenshot({ path: file });
      else await page.screenshot({ path: file });
    }
    await setTheme(page, 'light');
  }

  it('changes a field mapping, keeps it after a reload, and hands it back to the guess', async () => {
    const page = await open('#/settings');
    await idle(page);
    await shoot(page, 'settings-page');
    const section = page.getByRole('region', { name: 'Field mapping' });
    const territory = section.locator('#map-territory');
    await expect.poll(() => territory.inputValue(), { timeout: 20_000 }).toBe('Region');
    await expect.poll(() => section.getByTestId('map-territory-source').textContent()).toMatch(/guessed/);
    await expect.poll(() => section.locator('#map-kickoff').inputValue()).toBe('Kick_off_Date');
    // Only date fields are offered for a milestone, plus "Not tracked".
    const kickoffTypes = await section.locator('#map-kickoff option').allTextContents();
    expect(kickoffTypes[0]).toBe('Not tracked');
    expect(kickoffTypes).toContain('Kick-off Date (Kick_off_Date)');
    expect(kickoffTypes.slice(1).every((t) => /_Date\)$|_Time\) · date & time$/i.test(t))).toBe(true);
    await shoot(page, 'settings-mapping', 'Field mapping');

    await territory.selectOption('Country');
    await expect.poll(() => section.getByTestId('map-territory-source').textContent()).toMatch(/unsaved/);
    await section.getByRole('button', { name: 'Save mapping' }).click();
    await expect.poll(() => section.getByRole('status').textContent()).toMatch(/Saved/);
    await expect.poll(() => section.getByTestId('map-territory-source').textContent()).toMatch(/your choice/);

    await page.reload();
    await expect
      .poll(() => territory.inputValue({ timeout: 2000 }).catch((e: Error) => e.message), { timeout: 20_000 })
      .toBe('Country');
    await expect.poll(() => section.getByTestId('map-territory-source').textContent()).toMatch(/your choice/);

    await section.getByRole('button', { name: 'use the guess' }).click();
    await expect.poll(() => territory.inputValue()).toBe('Region');
    await expect.poll(() => section.getByTestId('map-territory-source').textContent()).toMatch(/guessed/);
    await idle(page); // the mapping change started a full sync
    await page.close();
  });

  it('the Bulk Read threshold is a preference: saved, kept after a reload, a negative number refused', async () => {
    const page = await open('#/settings');
    await idle(page);
    const form = page.getByRole('form', { name: 'Preferences' });
    const input = form.getByLabel('Bulk Read above this many deals');
    await expect.poll(() => input.inputValue()).toBe('150000');
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(page, theme);
      await form.screenshot({ path: path.join(SHOTS, `settings-preferences-bulk-read-${theme}.png`) });
    }
    await setTheme(page, 'light');
    await input.fill('-5');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => text(form)).toMatch(/greater than or equal to 0|>=\s*0|too small/i);
    await input.fill('250000');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toBe('Saved.');
    await page.reload();
    await expect
      .poll(() =>
        page.getByRole('form', { name: 'Preferences' }).getByLabel('Bulk Read above this many deals').inputValue(),
      )
      .toBe('250000');
    await page.close();
  });

  it('a currency override changes the dashboard pipeline total, and clearing it restores it', async () => {
    const page = await open('#/dashboard');
    await idle(page);
    const pipeline = page.locator('.kpi', { hasText: 'Pipeline (SGD)' }).locator('.value');
    const total = async () => Number(((await pipeline.getAttribute('title')) ?? '').replace(/[^\d.]/g, ''));
    await expect.poll(total, { timeout: 20_000 }).toBeGreaterThan(0);
    const before = await total();

    await page.goto(url + '#/settings');
    const section = page.getByRole('region', { name: 'Currency' });
    const usd = section.getByTestId('currency-USD');
    await expect.poll(() => usd.locator('td').nth(3).textContent(), { timeout: 20_000 }).toMatch(/\d/); // USD deals exist
    expect(Number((await usd.locator('td').nth(3).textContent())!.replace(/\D/g, ''))).toBeGreaterThan(0);
    await expect.poll(() => section.getByTestId('home-currency').textContent()).toBe('SGD');
    await expect.poll(() => usd.textContent()).toMatch(/Zoho org rate/);

    // A bad value is refused next to its row, nothing is sent.
    await usd.getByLabel('Override: USD per 1 SGD').fill('-3');
    await usd.getByRole('button', { name: 'Set' }).click();
    await expect.poll(() => usd.getByRole('alert').textContent()).toMatch(/how many USD one SGD buys/);

    // 1 SGD = 0.01 USD: every USD deal is now worth far more SGD.
    await usd.getByLabel('Override: USD per 1 SGD').fill('0.01');
    await usd.getByRole('button', { name: 'Set' }).click();
    await expect.poll(() => usd.textContent()).toMatch(/your override/);
    await shoot(page, 'settings-currency', 'Currency');

    await page.goto(url + '#/dashboard');
    await expect.poll(total, { timeout: 20_000 }).toBeGreaterThan(before * 2);

    await page.goto(url + '#/settings');
    await section.getByRole('button', { name: 'Clear the USD override' }).click();
    await expect.poll(() => usd.textContent()).toMatch(/Zoho org rate/);
    await page.goto(url + '#/dashboard');
    await expect.poll(total, { timeout: 20_000 }).toBe(before);
    await page.close();
  });

  it('"Sync now" adds a run to the history; "Full sync" asks first', async () => {
    const page = await open('#/settings');
    await idle(page);
    const section = page.getByRole('region', { name: 'Sync' });
    const history = section.getByTestId('sync-history');
    const runs = history.locator('tbody tr:not(.error-row)');
    await expect.poll(() => runs.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const before = await runs.count();

    await section.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => runs.count(), { timeout: 20_000 }).toBe(before + 1);
    await expect.poll(() => text(runs.first()), { timeout: 20_000 }).toMatch(/delta by you\s*OK/);

    await section.getByRole('button', { name: 'Full sync…' }).click();
    await expect.poll(() => section.getByRole('group').textContent()).toMatch(/re-reads every deal/);
    await shoot(page, 'settings-sync', 'Sync');
    await section.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => section.getByRole('group').count()).toBe(0);
    await page.close();
  });

  it('holds a pull that would remove most deals; "Keep my data" keeps them, "Apply the removals" removes them', async () => {
    const page = await open('#/dashboard');
    await idle(page);
    const ids = ((await app.sandboxControl('GET', 'deals')).body as { id: string }[]).map((d) => d.id);
    expect(ids.length).toBe(DEMO_DEALS);
    const gone = ids.slice(0, 1000);
    for (let i = 0; i < gone.length; i += 25) {
      await Promise.all(
        gone
          .slice(i, i + 25)
          .map((id) => app.sandboxControl('DELETE', `deals/${id}`).then((r) => expect(r.status).toBe(204))),
      );
    }

    await page.locator('footer').getByRole('button', { name: 'Sync now' }).click();
    const banner = page.getByTestId('failsafe-banner');
    await expect.poll(() => banner.isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await text(banner)).toMatch(/remove 1,000 of your 1,500 deals \(67%\)/);
    expect(await text(banner)).toMatch(/more than your 50% safety limit, so nothing was removed/);
    await idle(page); // held: every deal is still cached
    await shoot(page, 'failsafe-banner');

    await banner.getByRole('button', { name: 'Keep my data' }).click();
    await expect.poll(() => banner.count()).toBe(0);
    await page.reload();
    await idle(page);
    await page.waitForTimeout(500);
    expect(await banner.count()).toBe(0); // the same question stays answered
    // Main remembers the answer, not this browser: a fresh browser profile is not asked either.
    const fresh = await open('#/dashboard');
    await idle(fresh);
    await fresh.waitForTimeout(500);
    expect(await fresh.getByTestId('failsafe-banner').count()).toBe(0);
    await fresh.close();
    await page.goto(url + '#/settings');
    await expect
      .poll(() => text(page.getByTestId('sync-failsafe-note')), { timeout: 20_000 })
      .toMatch(/would remove 1,000 of 1,500/);
    await shoot(page, 'failsafe-settings-note', 'Sync');

    // One more deal goes: a different question, so the banner asks again.
    await app.sandboxControl('DELETE', `deals/${ids[1000]}`);
    await page.locator('footer').getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => text(banner), { timeout: 30_000 }).toMatch(/remove 1,001 of your 1,500 deals/);
    await idle(page);

    await banner.getByRole('button', { name: 'Apply the removals' }).click();
    await idle(page, DEMO_DEALS - 1001);
    await expect.poll(() => banner.count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => page.getByTestId('sync-failsafe-note').count()).toBe(0);
    const runs = page.getByTestId('sync-history').locator('tbody tr:not(.error-row)');
    await expect.poll(() => text(runs.first()), { timeout: 20_000 }).toMatch(/confirmed removals.*OK.*1,001/);
    await page.close();
  });
});
