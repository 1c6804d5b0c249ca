import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DEALS, demoDataDir } from '../../src-main/demo/demo-workspace';
import { runPulse, type RunningPulse } from '../helpers/pulse-process';
import { tempDir } from '../helpers/temp-dir';
import { SHOTS, startWebApp, type WebApp } from '../helpers/web-app';

describe('the demo workspace in Chromium (`pulse web --demo`)', () => {
  let app: WebApp;
  let browser: Browser;
  let web: RunningPulse;
  let url: string;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = tempDir('pulse-demo-');
    app = await startWebApp(['--demo', '--data-dir', dataDir]);
    ({ browser, url, web } = app);
  });

  afterAll(async () => app?.stop());

  it('syncs the seeded sandbox on first start and shows KPIs in SGD', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url);
    await expect
      .poll(() => page.getByTestId('deal-count').textContent(), { timeout: 20_000 })
      .toBe(`${DEMO_DEALS.toLocaleString('en-US')} deals cached`);
    await expect.poll(() => page.getByTestId('connection').textContent()).toBe('Demo workspace');
    const kpis = page.getByRole('region', { name: 'Key figures' });
    await expect.poll(() => kpis.textContent()).toMatch(/Pipeline \(SGD\)\s*S\$[\d.]+[KMB]/);
    await expect
      .poll(() => page.getByRole('region', { name: 'Pipeline by stage' }).textContent())
      .toMatch(/Proposal submitted \(60\)/);
    await page.screenshot({ path: path.join(SHOTS, 'demo-dashboard-light.png') });
  });

  it('searches and sorts the deals table', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url + '#/deals');
    // A virtual table: only the rows in view (and a margin) are in the page.
    const rows = page.locator('tbody tr.deal[data-id]');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBeGreaterThan(10);
    const firstAccount = (await rows.first().locator('td').nth(1).textContent())!.trim();
    const word = firstAccount.split(' ')[0];
    await page.getByLabel('Search deals').fill(word);
    await expect
      .poll(async () => {
        const texts = await rows.allTextContents();
        return texts.length > 0 && texts.every((t) => t.toLowerCase().includes(word.toLowerCase()));
      })
      .toBe(true);
    await page.getByLabel('Search deals').fill('');

    await page.getByRole('button', { name: /^Amount \(SGD\)/ }).click();
    await expect.poll(() => page.locator('th[aria-sort="descending"]').textContent()).toMatch(/SGD/);
    const amounts = async () =>
      (await page.locator('tbody tr.deal td:nth-child(7)').allTextContents()).map((t) =>
        Number(t.replace(/[^\d.]/g, '')),
      );
    await expect
      .poll(async () => {
        const a = await amounts();
        return a.length > 10 && a.every((v, i) => i === 0 || a[i - 1] >= v);
      })
      .toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'demo-deals-light.png') });
  });

  it('keeps the data offline: after the host stops, the CLI still reads the cached pipeline', async () => {
    await web.stop();
    const status = await runPulse(['status', '--data-dir', demoDataDir(dataDir), '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).dealCount).toBe(DEMO_DEALS);
  });
});
