import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DEALS } from '../../src-main/demo/demo-workspace';
import { tempDir } from '../helpers/temp-dir';
import { connectWebApi, type WebApi } from '../helpers/web-api';
import { SHOTS, startWebApp, type WebApp } from '../helpers/web-app';

const cached = (n: number) => `${n.toLocaleString('en-US')} deals cached`;

/**
 * First run and in-app notices in Chromium through the real `pulse web` on a fresh profile: the
 * welcome screen, the demo workspace it opens (marked on every screen), the notices a sync in the
 * demo raises (caused through the demo sandbox's control API), and leaving / resetting the demo.
 */
describe('first run and in-app notices (`pulse web`, fresh profile)', () => {
  let app: WebApp;
  let browser: Browser;
  let url: string;
  let page: Page;
  let api: WebApi;

  beforeAll(async () => {
    app = await startWebApp(['--data-dir', tempDir('pulse-first-run-')]);
    ({ browser, url } = app);
    page = await browser.newPage({ viewport: { width: 1280, height: 820 } });
  });

  afterAll(async () => {
    api?.close();
    await app?.stop();
  });

  async function shoot(name: string) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme }); // the theme setting is 'system'
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
      await page.screenshot({ path: path.join(SHOTS, `${name}-${scheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }

  /** The demo's sandbox URL, from the host's log line (printed each time a demo starts). */
  function sandboxUrl(nth: number): string | null {
    const all = [...app.web.output().matchAll(/sandbox at (http:\/\/127\.0\.0\.1:\d+)/g)];
    return all[nth - 1]?.[1] ?? null;
  }

  const sandbox = (base: string, route: string, init?: RequestInit) =>
    fetch(`${base}/__sandbox/${route}`, {
      headers: { 'content-type': 'application/json', 'x-sandbox-secret': app.sandboxSecret },
      ...init,
    });

  it('welcomes a newcomer with the demo or a connection, and opens the demo clearly marked', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    const welcome = page.getByRole('main', { name: 'Welcome to Pipeline Pulse' });
    await expect.poll(() => welcome.isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Explore the demo workspace' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Connect Zoho CRM' }).isVisible()).toBe(true);
    expect(await page.getByRole('navigation', { name: 'Sections' }).count()).toBe(0); // nothing behind it yet
    await shoot('welcome');

    await page.getByRole('button', { name: 'Explore the demo workspace' }).click();
    // The host switches to the demo and the page reloads into it.
    await expect.poll(() => page.getByTestId('demo-banner').isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => page.getByTestId('deal-count').textContent(), { timeout: 60_000 }).toBe(cached(DEMO_DEALS));
    await expect.poll(() => page.getByTestId('sync-progress').count()).toBe(0);
    expect(await page.title()).toBe('Pipeline Pulse — Demo workspace');
    expect(await page.getByTestId('connection').textContent()).toBe('Demo workspace');
    expect(await page.getByRole('navigation', { name: 'Sections' }).textContent()).toContain('Demo workspace');
    // Marked on every screen, not only the dashboard.
    for (const section of ['Deals', 'O2R', 'Settings']) {
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: section }).click();
      await expect
        .poll(() => page.getByTestId('demo-banner').textContent())
        .toMatch(/nothing you do here reaches a real CRM/);
    }
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Dashboard' }).click();
    await shoot('demo-marked-dashboard');
    expect(errors).toEqual([]);
    api = await connectWebApi(url);
  });

  it('shows one notice after a sync: opportunities that turned RED and an edit that hit a conflict', async () => {
    const base = sandboxUrl(1)!;
    expect(base).toBeTruthy();
    const calm = await api.call('o2r.list', {
      health: ['GREEN', 'YELLOW', 'NEEDS_UPDATE'],
      includeClosedLost: false,
      limit: 3,
    });
    const [a, b, c] = calm.rows;
    // In "the CRM": two closing dates passed with no revenue recognized (they turn RED)…
    for (const d of [a, b]) {
      const res = await sandbox(base, `deals/${d.id}`, {
        method: 'PATCH',
        body: JSON.stringify({ Closing_Date: '2024-01-31', OB_Recognition_Date: null }),
      });
      expect(res.status).toBe(200);
    }
    // …and a kickoff date the user edits here while someone changes it in Zoho CRM.
    await api.call('o2r.edit', { id: c.id, changes: { kickoff: '2026-03-03' }, push: false });
    await sandbox(base, `deals/${c.id}`, { method: 'PATCH', body: JSON.stringify({ Kick_off_Date: '2026-05-05' }) });
    expect(await api.call('o2r.syncToCrm', { id: c.id })).toMatchObject({ conflicts: 1 });

    await page.locator('footer').getByRole('button', { name: 'Sync now' }).click();
    const notice = page.getByTestId('notice');
    await expect.poll(() => notice.count(), { timeout: 30_000 }).toBe(1);
    const text = (await notice.textContent())!.replace(/\s+/g, ' ');
    expect(text).toContain('2 things need your attention');
    expect(text).toContain('An edit hit a conflict in Zoho CRM');
    expect(text).toContain(`${c.name}: kickoff was changed in Zoho CRM too`);
    expect(text).toContain('2 opportunities turned RED');
    expect(text).toContain(a.name);
    await shoot('notice-after-sync');

    // "Show" opens the O2R list filtered to RED, and the notice goes away.
    await notice.getByRole('listitem').filter({ hasText: 'turned RED' }).getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/o2r?health=RED');
    await expect.poll(() => page.getByLabel('Health', { exact: true }).inputValue()).toBe('RED');
    await expect.poll(() => page.locator('tbody').textContent()).toContain(a.name);
    await expect.poll(() => notice.count()).toBe(0);
    // Dismissed everywhere: a window opened now does not show it again.
    const other = await browser.newPage();
    await other.goto(url);
    await expect.poll(() => other.getByTestId('deal-count').textContent()).toBe(cached(DEMO_DEALS));
    expect(await other.getByTestId('notice').count()).toBe(0);
    await other.close();
  });

  it('says when a sync waits for the user (the fail-safe), and the notice leads to Settings → Sync', async () => {
    const base = sandboxUrl(1)!;
    const deals = (await (await sandbox(base, 'deals?limit=900')).json()) as { id: string }[];
    for (const d of deals) await sandbox(base, `deals/${d.id}`, { method: 'DELETE' });
    await page.locator('footer').getByRole('button', { name: 'Sync now' }).click();
    const notice = page.getByTestId('notice');
    await expect.poll(() => notice.textContent(), { timeout: 30_000 }).toMatch(/Sync on hold: your decision is needed/);
    expect((await notice.textContent())!).toMatch(/It would remove 900 of your 1,500 deals; nothing was removed\./);
    await shoot('notice-sync-on-hold');
    await notice.getByRole('button', { name: 'Open Sync' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/settings?section=sync');
    await expect.poll(() => page.getByRole('heading', { name: 'Sync', exact: true }).isVisible()).toBe(true);
  });

  it('background sync paused from the tray shows in the status bar, which resumes it', async () => {
    // The tray menu's "Pause background sync" is this same contract call.
    await api.call('sync.setPaused', { paused: true });
    await expect.poll(() => page.getByTestId('sync-paused').textContent()).toBe('Background sync paused');
    await page.locator('footer').getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => page.getByTestId('sync-paused').count()).toBe(0);
    expect((await api.call('sync.status')).scheduler).not.toBe('paused');
  });

  it('turns each kind of notice off in Settings → Notifications', async () => {
    await page.goto(url + '#/settings?section=notifications');
    const section = page.getByRole('region', { name: 'Notifications' });
    const red = section.getByRole('checkbox', { name: 'Opportunities turned RED or BLOCKED since the last sync' });
    await expect.poll(() => red.isChecked()).toBe(true);
    await red.uncheck();
    await expect.poll(async () => (await api.call('settings.get')).notifyHealthWorsened).toBe(false);
    // Start at login is the desktop app's: not offered in the browser.
    expect(await section.getByRole('checkbox', { name: /Start Pipeline Pulse/ }).count()).toBe(0);
    await page.reload();
    await expect.poll(() => red.isChecked()).toBe(false);
    await red.check();
    await expect.poll(async () => (await api.call('settings.get')).notifyHealthWorsened).toBe(true);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
      await section.screenshot({ path: path.join(SHOTS, `settings-notifications-${scheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('resets the demo from Settings (fresh sample deals) and leaves it for the account', async () => {
    page.on('dialog', (d) => void d.accept());
    await page.goto(url + '#/settings?section=workspace');
    const section = page.getByRole('region', { name: 'Workspace' });
    await expect.poll(() => section.isVisible()).toBe(true);
    await shoot('settings-workspace-demo');
    // The reset ends with workspace.changed reloading the page. Wait for that load: the old page
    // shows 1,500 deals too (the held pull never removed any), and a navigation made while the
    // reload is pending replaces it with a same-document hash change, leaving the old page (its
    // buttons still busy) in place.
    const reloaded = page.waitForEvent('load', { timeout: 60_000 });
    await section.getByRole('button', { name: 'Reset the demo…' }).click();
    // A new sandbox starts from the seed: all 1,500 deals are back, the held question is gone.
    await expect.poll(() => sandboxUrl(2), { timeout: 30_000 }).not.toBeNull();
    await reloaded;
    await expect.poll(() => page.getByTestId('deal-count').textContent(), { timeout: 60_000 }).toBe(cached(DEMO_DEALS));
    expect(await page.getByTestId('failsafe-banner').count()).toBe(0);

    await page.goto(url + '#/settings?section=workspace');
    await page
      .getByRole('region', { name: 'Workspace' })
      .getByRole('button', { name: 'Leave the demo workspace' })
      .click();
    await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 30_000 }).toBe('Not connected');
    // The account's first status can reach the old page just before workspace.changed reloads it:
    // wait for the reloaded page instead of reading its title once.
    await expect.poll(() => page.title(), { timeout: 30_000 }).toBe('Pipeline Pulse');
    await expect.poll(() => page.getByTestId('demo-banner').count()).toBe(0);
    await expect.poll(() => page.getByTestId('connection-state').textContent()).toBe('Not connected');
  });
});
