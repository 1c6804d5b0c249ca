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

  /**
   * Records, in the page, the status line and the health of each row every time either changes (a
   * MutationObserver sees every rendered state, even one that lasts a single frame).
   */
  async function watchStatus(page: Page) {
    await page.evaluate(() => {
      const w = window as unknown as { seen: { status: string; health: string[] }[] };
      w.seen = [];
      const snap = () => {
        const status = document.querySelector('[aria-label="Filter opportunities"] [role=status]')?.textContent ?? '';
        const health = [
          ...document.querySelectorAll(
            'table[aria-label="Opportunities"] tbody td:nth-child(5) [aria-label^="Health:"]',
          ),
        ].map((e) => e.getAttribute('aria-label')!.replace('Health: ', ''));
        const last = w.seen.at(-1);
        if (last && last.status === status.trim() && last.health.join() === health.join()) return;
        w.seen.push({ status: status.trim(), health });
      };
      snap();
      new MutationObserver(snap).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    return () => page.evaluate(() => (window as unknown as { seen: { status: string; health: string[] }[] }).seen);
  }

  it('the filter status counts the list on screen: "Filtering…" until the new list lands, never a stale "N of M"', async () => {
    const page = await open('o2r');
    const rows = table(page).locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(50);
    const status = page.getByRole('search', { name: 'Filter opportunities' }).getByRole('status');
    await expect.poll(() => status.textContent()).toMatch(/[\d,]+ opportunities/);
    const byHealth = (await page.getByRole('group', { name: 'Filter by health' }).getByRole('button').allTextContents())
      .map((t) => /^\s*(\D+?)\s*([\d,]+)\s*$/.exec(t)!)
      .map((m) => ({ label: m[1], count: Number(m[2].replace(/,/g, '')) }));
    const all = Number((await status.textContent())!.replace(/\D/g, ''));
    const seen = await watchStatus(page);

    // Red, then Green straight from Red, then back to every health.
    for (const [value, label] of [
      ['RED', 'Red'],
      ['GREEN', 'Green'],
      ['', null],
    ] as const) {
      await page.getByLabel('Health', { exact: true }).selectOption(value);
      const count = label ? byHealth.find((h) => h.label === label)!.count : all;
      const want = label ? `${count.toLocaleString('en-US')} of ${all.toLocaleString('en-US')}` : /opportunities/;
      await expect.poll(() => status.textContent(), { timeout: 20_000 }).toMatch(want);
      await expect
        .poll(async () => (await rows.count()) === Math.min(50, count) && (await status.textContent())!.trim())
        .toBeTruthy();
    }
    await expect.poll(async () => (await seen()).at(-1)?.health.length).toBe(50);

    // Every state the screen went through: a count is the count of the rows it stands next to.
    const states = await seen();
    for (const { status: text, health } of states) {
      if (text === 'Filtering…') continue;
      const of = /^([\d,]+) of ([\d,]+)$/.exec(text);
      if (!of) {
        expect(text, 'the count without a filter').toBe(`${all.toLocaleString('en-US')} opportunities`);
        // Without a filter the list starts with the most severe health there is (the default sort).
        expect(health.length).toBe(50);
        expect(health[0], `"${text}" next to a list starting with ${health[0]}`).toBe(
          byHealth.find((h) => h.count > 0)!.label,
        );
        continue;
      }
      const n = Number(of[1].replace(/,/g, ''));
      const match = byHealth.find((h) => h.count === n);
      expect(match, `"${text}" is the count of a health`).toBeDefined();
      expect(health.length, `"${text}" next to ${health.length} rows`).toBe(Math.min(50, n));
      expect(new Set(health), `"${text}" next to rows of ${[...new Set(health)].join(', ')}`).toEqual(
        new Set([match!.label]),
      );
    }
    // The in-between was seen (the new list takes a round trip): it said so instead of counting.
    expect(states.some((s) => s.status === 'Filtering…')).toBe(true);
    await page.close();
  });

  it('after one change of its data the Review screen reloads once, and its count follows the list', async () => {
    const page = await open('review');
    let asked = 0;
    page.on('websocket', (ws) =>
      ws.on('framesent', (f) => {
        if (String(f.payload).includes('"o2r.review.get"')) asked++;
      }),
    );
    await page.reload();
    const rows = page.getByRole('table', { name: 'Opportunities this week' }).locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(50);
    const status = page.locator('.toolbar [role=status]');
    const before = (await status.textContent())!.trim();
    expect(before).toMatch(/^[\d,]+ opportunities$/);

    // A reviewed mark is a change of O2R data: the rows on screen are refreshed in place, once.
    await page.waitForTimeout(500);
    const settled = asked;
    // The last row: the next test works on the first one.
    const mark = (await page
      .getByRole('button', { name: /^Mark reviewed: / })
      .last()
      .getAttribute('aria-label'))!;
    await page.getByRole('button', { name: mark, exact: true }).click();
    await expect.poll(() => asked, { timeout: 20_000 }).toBeGreaterThan(settled);
    await page.waitForTimeout(3000);
    expect(asked - settled, 'o2r.review.get calls in the 3 s after one change').toBeLessThanOrEqual(2);
    await page.getByRole('button', { name: mark.replace('Mark reviewed', 'Reviewed'), exact: true }).click();
    await expect.poll(() => page.getByRole('button', { name: mark, exact: true }).count()).toBe(1);

    // Another filter: "Filtering…" (or the new count), never the previous count next to new rows.
    await page.getByLabel('Show', { exact: true }).selectOption('deteriorated');
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).not.toMatch(new RegExp(`^\\s*${before}`));
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toMatch(/^\s*[\d,]+ opportunit/);
    const n = Number((await status.textContent())!.replace(/\D/g, ''));
    await expect.poll(() => rows.count()).toBe(Math.max(1, Math.min(50, n)));
    await page.close();
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
