import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir';
import { SHOTS, startWebApp, type WebApp } from '../helpers/web-app';

/**
 * A screen whose load failed must not keep the error: the next data change loads it again. The
 * failure is injected on the WebSocket between Chromium and `pulse web --demo` (the first
 * `dashboard.view` is answered with the error a dropped index used to cause); everything
 * else is real: the CRM changes in the demo's sandbox (through its control API, with the secret),
 * the user presses Sync now, the delta lands.
 */
describe('the dashboard recovers from a failed load on the next data change', () => {
  let app: WebApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startWebApp(['--demo', '--data-dir', tempDir('pulse-dash-recover-')]);
    browser = app.browser;
  });
  afterAll(async () => app?.stop());

  it('shows the error, then the figures once a sync brings new data', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    let failed = 0;
    await page.routeWebSocket(/\/api\?token=/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((message) => {
        const frame = JSON.parse(String(message)) as { type: string; id: number; name: string };
        if (frame.name === 'dashboard.view' && failed === 0) {
          failed++;
          const error = { name: 'SqliteError', message: 'no such index: deals_dashboard' };
          ws.send(JSON.stringify({ type: 'result', id: frame.id, ok: false, error }));
          return;
        }
        server.send(message);
      });
    });
    await page.goto(app.url + '#/dashboard');
    const alert = page.locator('main').getByRole('alert');
    await expect.poll(() => alert.textContent()).toMatch(/no such index: deals_dashboard/);
    expect(failed).toBe(1);

    // Someone changes a deal in the CRM; the next sync brings it in (data.changed 'deals').
    const deals = await app.sandboxControl('GET', 'deals?limit=1');
    const [deal] = deals.body as { id: string }[];
    const patch = await app.sandboxControl('PATCH', `deals/${deal.id}`, { Amount: 123_456 });
    expect(patch.status).toBe(200);
    await page.locator('footer').getByRole('button', { name: 'Sync now' }).click();

    await expect.poll(() => alert.count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => page.getByRole('region', { name: 'Key figures' }).textContent()).toMatch(/Open deals/);
    for (const theme of ['light', 'dark'] as const) {
      if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme)
        await page.getByRole('button', { name: 'Switch light or dark theme' }).click();
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      await page.screenshot({ path: path.join(SHOTS, `dashboard-recovered-${theme}.png`) });
    }
    await page.close();
  });
});
