import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_DEALS } from '../../src-main/demo/demo-workspace';
import { damageTable } from '../helpers/damage';
import { runPulse } from '../helpers/pulse-process';
import { apiCall, openApi } from '../helpers/raw-socket';
import { tempDir } from '../helpers/temp-dir';
import { SHOTS, startWebApp, type WebApp } from '../helpers/web-app';

const count = (n: number) => `${n.toLocaleString('en-US')} deals cached`;

function portAndToken(app: WebApp): [number, string] {
  const u = new URL(app.url);
  return [Number(u.port), u.searchParams.get('token')!];
}

async function shoot(page: Page, name: string) {
  for (const theme of ['light', 'dark'] as const) {
    // The theme toggle saves a setting, which a core in recovery refuses: set it on the page only.
    await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${theme}.png`) });
  }
  await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));
}

/**
 * The app's notice for a damaged data file, in Chromium against `pulse web --demo`: local work
 * (a blocker, a comment) is backed up, the file is damaged, the app starts in recovery with a
 * banner, Restore brings the work back and the demo's pipeline syncs again.
 */
describe('a damaged data file in the app (`pulse web --demo`, Chromium)', () => {
  let app: WebApp | null = null;
  afterAll(async () => app?.stop());

  it('shows what happened, restores on one click, and the pipeline and local work come back', async () => {
    const profile = tempDir('pulse-e2e-restore-');
    const dir = path.join(profile, 'demo-workspace'); // the demo's own data folder in the profile
    app = await startWebApp(['--demo', '--data-dir', profile]);
    const ws = await openApi(...portAndToken(app));
    const list = (await apiCall(ws, 'o2r.list', { limit: 1 })).result as { rows: { id: string; name: string }[] };
    const deal = list.rows[0];
    await apiCall(ws, 'o2r.blockers.add', { id: deal.id, reason: 'Client legal is reviewing the MSA' });
    await apiCall(ws, 'o2r.comment', { id: deal.id, text: 'Promised a revised quote by Friday' });
    ws.close();
    await app.stop();
    app = null;
    expect((await runPulse(['backup', '--data-dir', dir])).code).toBe(0);
    damageTable(path.join(dir, 'pulse.sqlite'), 'o2r_health_history');

    app = await startWebApp(['--demo', '--data-dir', profile], { waitForFirstSync: false });
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(app.url);
    const banner = page.getByTestId('store-damaged');
    await expect.poll(() => banner.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await banner.textContent()).toMatch(/Pipeline Pulse cannot read its data file/);
    expect(await banner.textContent()).toContain(path.join(dir, 'pulse.sqlite'));
    expect(await banner.textContent()).toMatch(/from the backup of /);
    await shoot(page, 'store-damaged');

    await banner.getByRole('button', { name: 'Restore and re-sync' }).click();
    const restored = page.getByTestId('store-restored');
    await expect.poll(() => restored.isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await restored.textContent()).toMatch(/1 blocker, 1 comment, 0 review notes and 0 queued edits are back/);
    await shoot(page, 'store-restored');

    await restored.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByTestId('deal-count').textContent(), { timeout: 60_000 }).toBe(count(DEMO_DEALS));
    expect(await page.getByTestId('store-damaged').count()).toBe(0);

    const ws2 = await openApi(...portAndToken(app));
    const detail = (await apiCall(ws2, 'o2r.get', { id: deal.id })).result as {
      blockers: { reason: string }[];
      comments: { text: string }[];
    };
    expect(detail.blockers.map((b) => b.reason)).toEqual(['Client legal is reviewing the MSA']);
    expect(detail.comments.map((c) => c.text)).toEqual(['Promised a revised quote by Friday']);
    ws2.close();
    await page.close();
  });
});
