import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir';
import { SHOTS, startWebApp, type WebApp } from '../helpers/web-app';

const SECTIONS = ['Dashboard', 'Deals', 'O2R', 'Review', 'Settings'];

describe('the renderer in Chromium through `pulse web`', () => {
  let app: WebApp;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    app = await startWebApp(['--no-demo', '--data-dir', tempDir('pulse-e2e-')]);
    ({ browser, url } = app);
  });

  afterAll(async () => app?.stop());

  it('navigates every section, in light and dark, with an empty state that says what to do', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await expect.poll(() => page.getByTestId('connection').textContent()).toBe('Not connected');
    for (const theme of ['light', 'dark'] as const) {
      // The toggle persists the theme through the API and the document follows when main says so.
      const current = await page.evaluate(() => document.documentElement.dataset.theme);
      if (current !== theme) {
        await page.getByRole('button', { name: 'Switch light or dark theme' }).click();
        await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      }
      for (const section of SECTIONS) {
        await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: section }).click();
        await expect
          .poll(() => page.locator('main h1').textContent())
          .toMatch(new RegExp(section === 'O2R' ? 'O2R' : section === 'Review' ? 'review' : section, 'i'));
        if (section !== 'Settings') {
          await expect
            .poll(() => page.getByRole('status').first().textContent())
            .toMatch(/Connect your Zoho CRM account in Settings/);
        }
        await page.screenshot({ path: path.join(SHOTS, `shell-${section.toLowerCase()}-${theme}.png`) });
      }
    }
    expect(errors).toEqual([]);
  });

  it('shows the validation error main returns for a bad setting, and keeps the old value', async () => {
    const page = await browser.newPage();
    await page.goto(url.replace('/?', '/?') + '#/settings');
    const currency = page.getByLabel('Home currency');
    await expect.poll(() => currency.inputValue()).toBe('SGD');
    await currency.fill('S$');
    // Settings has more than one form with a Save button (Preferences, O2R settings).
    await page.getByRole('form', { name: 'Preferences' }).getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.getByRole('form', { name: 'Preferences' }).textContent())
      .toMatch(/3-letter ISO currency code/);
    await page.reload();
    await expect.poll(() => page.getByLabel('Home currency').inputValue()).toBe('SGD');
  });
});
