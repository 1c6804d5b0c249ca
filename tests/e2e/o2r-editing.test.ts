import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir';
import { connectWebApi, type WebApi } from '../helpers/web-api';
import { SHOTS, startWebApp, type WebApp } from '../helpers/web-app';

const THEMES = ['light', 'dark'] as const;
type Theme = (typeof THEMES)[number];

/**
 * Editing opportunities in the app and writing the edits back to the CRM, on the demo workspace:
 * the real `pulse web --demo` (its Zoho sandbox in the same process, driven through its
 * `/__sandbox/` control API) and Debian's Chromium.
 */
describe('O2R editing with write-back (`pulse web --demo`)', () => {
  let app: WebApp;
  let browser: Browser;
  let url: string;
  let api: WebApi;
  let today: string;

  beforeAll(async () => {
    app = await startWebApp(['--demo', '--data-dir', tempDir('pulse-o2r-edit-')]);
    ({ browser, url } = app);
    api = await connectWebApi(url);
    today = (await api.call('o2r.list', { limit: 1 })).today;
  });

  afterAll(async () => {
    api?.close();
    await app?.stop();
  });

  /** The sandbox's control API: what "someone in Zoho CRM" does, and what Zoho received. */
  async function sandbox<T>(method: string, p: string, body?: unknown): Promise<T> {
    const r = await fetch(`${app.sandboxUrl}/__sandbox/${p}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (r.status === 204 ? null : await r.json()) as T;
  }
  const crmDeal = (id: string) => sandbox<Record<string, unknown>>('GET', `deals/${id}`);

  async function open(hash: string, theme: Theme = 'light'): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    await page.emulateMedia({ colorScheme: theme });
    await page.goto(`${url}#/${hash}`);
    return page;
  }

  async function setTheme(page: Page, theme: Theme) {
    await page.emulateMedia({ colorScheme: theme });
    await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
  }

  async function shoot(page: Page, name: string) {
    for (const theme of THEMES) {
      await setTheme(page, theme);
      await page.screenshot({ path: path.join(SHOTS, `${name}-${theme}.png`) });
    }
    await setTheme(page, 'light');
  }

  /** Open opportunities in phase 2 that are RED because the proposal has waited too long for a PO. */
  async function waitingForPo(n: number) {
    const list = await api.call('o2r.list', {
      phase: 2,
      health: ['RED'],
      includeClosedLost: false,
      syncState: ['synced'],
      limit: 200,
    });
    const rows = list.rows.filter(
      (r) => r.milestones.proposal && !r.milestones.po && r.healthReasons.every((x) => /PO/.test(x)),
    );
    expect(rows.length).toBeGreaterThanOrEqual(n);
    return rows.slice(0, n);
  }

  const detailOf = (page: Page) => page.getByRole('complementary', { name: 'Opportunity details' });

  async function openDetail(id: string, name: string, theme: Theme = 'light') {
    const page = await open(`o2r?deal=${id}`, theme);
    const detail = detailOf(page);
    await expect.poll(() => detail.getByRole('heading', { level: 2 }).textContent(), { timeout: 30_000 }).toBe(name);
    return { page, detail };
  }

  it('sets a PO date: phase and health change at once, and the sandbox holds the date after the push', async () => {
    const [deal] = await waitingForPo(1);
    const { page, detail } = await openDetail(deal.id, deal.name);
    // The list shows the same deal (searched by name), in phase 2.
    await page.getByLabel('Search opportunities').fill(deal.name);
    const row = page.getByRole('table', { name: 'Opportunities' }).locator('tbody tr', { hasText: deal.name });
    await expect.poll(() => row.first().locator('td').nth(2).textContent()).toMatch(/2\s*Commitment/);
    expect(await detail.getByTestId('detail-phase').textContent()).toMatch(/Phase 2/);
    expect(await detail.getByTestId('detail-health').textContent()).toMatch(/Red/);

    const po = detail.getByLabel('PO received');
    await po.fill(today);
    await po.press('Enter');

    // At once: phase 3 and another health, in the detail and in the list, without a reload.
    await expect.poll(() => detail.getByTestId('detail-phase').textContent()).toMatch(/Phase 3 · Execution/);
    await expect.poll(() => detail.getByTestId('detail-health').textContent()).not.toMatch(/Red/);
    await expect.poll(() => row.first().locator('td').nth(2).textContent()).toMatch(/3\s*Execution/);

    // The push follows by itself; the field says when Zoho has it.
    await expect
      .poll(() => detail.getByTestId('writeback-po').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('confirmed');
    expect((await crmDeal(deal.id)).PO_Generation_Date).toBe(today);
    await page.getByLabel('Search opportunities').fill('');
    await shoot(page, 'o2r-edit-detail');
  });

  it('refuses an impossible date and queues nothing; an out-of-order date asks first', async () => {
    const [deal] = await waitingForPo(1);
    const { page, detail } = await openDetail(deal.id, deal.name);
    const before = await api.call('o2r.syncStatus', {});

    // 31 February typed into the date input (month, day, year in an en-US browser).
    const po = detail.getByLabel('PO received');
    await po.click();
    await page.keyboard.type('02312026');
    await po.press('Enter');
    await expect.poll(() => detail.getByRole('alert').allTextContents()).toContain('That is not a real calendar date.');
    // A year typed as 0202 is refused too.
    await po.fill('0202-03-04');
    await po.press('Enter');
    await expect
      .poll(() => detail.getByRole('alert').allTextContents())
      .toEqual([expect.stringMatching(/Dates must fall between 1 Jan 2000 and 31 Dec 2099/)]);
    await page.screenshot({ path: path.join(SHOTS, 'o2r-edit-impossible-date-light.png') });

    // A PO before the proposal: the app asks; Cancel leaves the field as it was.
    const proposal = deal.milestones.proposal!.slice(0, 10);
    const earlier = new Date(Date.parse(`${proposal}T00:00:00Z`) - 5 * 86_400_000).toISOString().slice(0, 10);
    await po.fill(earlier);
    await po.press('Enter');
    const ask = detail.getByRole('alertdialog', { name: 'Out-of-order date' });
    await expect.poll(() => ask.textContent()).toMatch(/PO received on .* would be before proposal submitted/);
    await page.screenshot({ path: path.join(SHOTS, 'o2r-edit-out-of-order-light.png') });
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => po.inputValue()).toBe('');

    const after = await api.call('o2r.syncStatus', {});
    expect(after.queued).toBe(before.queued);
    expect(await api.call('o2r.edits', { id: deal.id })).toEqual([]);
    expect((await api.call('o2r.get', { id: deal.id }))!.opportunity.phase).toBe(2);
    expect((await crmDeal(deal.id)).PO_Generation_Date).toBeNull();
  });
});
