import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir';
import { SHOTS, startWebApp, type WebApp } from '../helpers/web-app';

const THEMES = ['light', 'dark'] as const;

/** The O2R tracker and weekly review screens on the demo workspace, in Chromium at 1280×800. */
describe('the O2R and Review screens (`pulse web --demo`)', () => {
  let app: WebApp;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    app = await startWebApp(['--demo', '--data-dir', tempDir('pulse-o2r-ui-')]);
    ({ browser, url } = app);
  });

  afterAll(async () => app?.stop());

  async function open(hash: string, theme: (typeof THEMES)[number] = 'light'): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // The theme setting is "same as the system", so the emulated colour scheme picks it.
    await page.emulateMedia({ colorScheme: theme });
    await page.goto(`${url}#/${hash}`);
    return page;
  }

  /**
   * Switches an open page's theme for a screenshot: the app reads the system colour scheme when it
   * starts ("same as the system" is the default setting), so set data-theme the way it does.
   */
  async function setTheme(page: Page, theme: (typeof THEMES)[number]) {
    await page.emulateMedia({ colorScheme: theme });
    await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
  }

  const table = (page: Page) => page.getByRole('table', { name: 'Opportunities' });

  it('lists the opportunities with a summary by health and phase', async () => {
    const page = await open('o2r');
    const rows = table(page).locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(50);
    const summary = page.getByRole('region', { name: 'Opportunity summary' });
    await expect.poll(() => summary.textContent()).toMatch(/Requires attention\s*[\d,]+/);
    await expect.poll(() => summary.textContent()).toMatch(/Proposal → Commitment \(PO\)\s*[\d,]+/);
    // Amounts are in the home currency; the most severe health comes first.
    expect(await table(page).locator('thead').textContent()).toMatch(/Amount \(SGD\)/);
    expect(
      await rows
        .first()
        .getByRole('button', { name: /^Health: (Blocked|Red)$/ })
        .count(),
    ).toBe(1);
    for (const theme of THEMES) {
      await setTheme(page, theme);
      await page.screenshot({ path: path.join(SHOTS, `o2r-${theme}.png`) });
    }
  });

  it('narrows the list to one health, shows its reasons on hover and the detail with milestones', async () => {
    const page = await open('o2r');
    const rows = table(page).locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(50);
    const status = page.getByRole('search', { name: 'Filter opportunities' }).getByRole('status');
    const before = await status.textContent();

    await page.getByLabel('Health', { exact: true }).selectOption('YELLOW');
    await expect.poll(() => status.textContent()).not.toBe(before);
    // The list count ("N of M") and the Yellow chip agree once the filtered list has landed (the
    // status can change first for another reason, e.g. the summary strip finishing its load).
    const chip = page.getByRole('group', { name: 'Filter by health' }).getByRole('button', { name: /Yellow/ });
    const shown = async () =>
      Number((await status.textContent())?.match(/^\s*([\d,]+) of/)?.[1].replace(/,/g, '') ?? NaN);
    const chipCount = async () => Number((await chip.textContent())!.replace(/\D/g, ''));
    await expect
      .poll(async () => (await chip.getAttribute('aria-pressed')) === 'true' && (await shown()) === (await chipCount()))
      .toBe(true);
    const yellowCount = await chipCount();
    expect(yellowCount).toBeGreaterThan(0);
    const badges = async () =>
      await rows
        .locator('td:nth-child(5) [aria-label^="Health:"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    await expect
      .poll(async () => {
        const b = await badges();
        return b.length === Math.min(50, yellowCount) && b.every((x) => x === 'Health: Yellow');
      })
      .toBe(true);

    // The reasons show when hovering the badge.
    const badge = rows.first().getByRole('button', { name: 'Health: Yellow' });
    await badge.hover();
    const tip = page.getByRole('tooltip').filter({ visible: true });
    await expect.poll(() => tip.count()).toBe(1);
    expect((await tip.textContent())!.length).toBeGreaterThan(10);
    await page.screenshot({ path: path.join(SHOTS, 'o2r-filtered-tooltip-light.png') });

    // The detail: milestones with dates and statuses, and the health reasons.
    const name = (await rows.first().locator('td').nth(1).getByRole('button').textContent())!.trim();
    await rows.first().locator('td').nth(1).getByRole('button').click();
    const detail = page.getByRole('complementary', { name: 'Opportunity details' });
    await expect.poll(() => detail.getByRole('heading', { level: 2 }).textContent()).toBe(name);
    const milestones = detail.getByRole('list', { name: 'Milestones' }).getByRole('listitem');
    await expect.poll(() => milestones.count()).toBe(7);
    expect(await milestones.allTextContents()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Proposal submitted.*(Done|Pending|Overdue|Blocked)/s),
        expect.stringMatching(/PO received/),
      ]),
    );
    const reasons = detail.getByRole('list', { name: 'Health reasons' }).getByRole('listitem');
    expect(await reasons.count()).toBeGreaterThan(0);
    expect(await detail.textContent()).toMatch(/Action items/);
    for (const theme of THEMES) {
      await setTheme(page, theme);
      await page.screenshot({ path: path.join(SHOTS, `o2r-detail-${theme}.png`) });
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => detail.count()).toBe(0);
  });

  it('shows the week: health score, breakdown, and moves to the previous week', async () => {
    const page = await open('review');
    const score = page.getByTestId('health-score');
    await expect.poll(() => score.textContent(), { timeout: 30_000 }).toMatch(/^\d{1,3}$/);
    const label = page.getByTestId('week-label');
    const thisWeek = (await label.textContent())!;
    expect(thisWeek).toMatch(/^Mon \d+ \w{3}.* – Sun \d+ \w{3} \d{4}$/);
    const rows = page.getByRole('table', { name: 'Opportunities this week' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(50);
    await page.getByRole('radiogroup', { name: 'Break down by' }).locator('label', { hasText: 'Territory' }).click();
    expect(await page.getByRole('radio', { name: 'Territory' }).isChecked()).toBe(true);
    await expect
      .poll(() => page.getByRole('region', { name: 'Breakdown' }).locator('thead').textContent())
      .toMatch(/Territory/);
    for (const theme of THEMES) {
      await setTheme(page, theme);
      await page.screenshot({ path: path.join(SHOTS, `review-${theme}.png`) });
    }

    await page.getByRole('button', { name: 'Previous week' }).click();
    await expect.poll(() => label.textContent()).not.toBe(thisWeek);
    expect(await page.getByText('Past week').count()).toBe(1);
    await page.getByRole('button', { name: 'Back to this week' }).click();
    await expect.poll(() => label.textContent()).toBe(thisWeek);
  });

  it('saves a review note and a reviewed mark that survive a reload', async () => {
    const page = await open('review');
    const rows = page.getByRole('table', { name: 'Opportunities this week' }).locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(50);
    const note = rows.first().getByRole('textbox');
    const label = (await note.getAttribute('aria-label'))!;
    const name = label.replace(/^Review note for /, '');
    await note.fill('Call the CFO on Monday about the PO');
    await note.press('Enter');
    await expect.poll(() => rows.first().getByRole('status').textContent()).toMatch(/Saved/);
    await page.getByRole('button', { name: `Mark reviewed: ${name}`, exact: true }).click();
    await expect
      .poll(() => page.getByRole('button', { name: `Reviewed: ${name}`, exact: true }).getAttribute('aria-pressed'))
      .toBe('true');

    // A note counts as an update, but the row stays where the manager is working.
    expect(await rows.first().getByRole('textbox').getAttribute('aria-label')).toBe(label);

    await page.reload();
    // The row may have moved (a note counts as an update), so find it by its name.
    await page.getByLabel("Search this week's opportunities").fill(name);
    await expect
      .poll(() => page.getByLabel(label).inputValue(), { timeout: 30_000 })
      .toBe('Call the CFO on Monday about the PO');
    expect(
      await page.getByRole('button', { name: `Reviewed: ${name}`, exact: true }).getAttribute('aria-pressed'),
    ).toBe('true');
    await page.screenshot({ path: path.join(SHOTS, 'review-note-light.png') });
  });
});
