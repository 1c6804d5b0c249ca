import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpportunitySummary } from '../../src-shared/contract/o2r-schemas';
import { tempDir } from '../helpers/temp-dir';
import { connectWebApi, type WebApi } from '../helpers/web-api';
import { SHOTS, startWebApp, type WebApp } from '../helpers/web-app';

const THEMES = ['light', 'dark'] as const;
const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
] as const;

/**
 * The O2R phase board, Settings → O2R, and the detail's remaining edits, on the demo workspace:
 * the real `pulse web --demo` (its Zoho sandbox in the same process, driven through its control
 * API with the secret) and Debian's Chromium.
 */
describe('O2R phase board, O2R settings and detail edits (`pulse web --demo`)', () => {
  let app: WebApp;
  let browser: Browser;
  let url: string;
  let api: WebApi;
  let today: string;

  beforeAll(async () => {
    app = await startWebApp(['--demo', '--data-dir', tempDir('pulse-o2r-board-')]);
    ({ browser, url } = app);
    api = await connectWebApi(url);
    today = (await api.call('o2r.list', { limit: 1 })).today;
  });

  afterAll(async () => {
    api?.close();
    await app?.stop();
  });

  /** The sandbox's control API: what "someone in Zoho CRM" does, and what Zoho holds. */
  const sandbox = async <T>(method: string, route: string, body?: unknown) =>
    (await app.sandboxControl(method, route, body)).body as T;
  const crmDeal = (id: string) => sandbox<Record<string, unknown>>('GET', `deals/${id}`);

  async function open(hash: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${url}#/${hash}`);
    return page;
  }

  /** Light and dark at both window sizes; `before` brings the subject into view after a resize. */
  async function shoot(page: Page, name: string, before?: () => Promise<void>) {
    // A notice (e.g. "20 opportunities turned RED") would cover the screen being shown.
    const notices = page.getByRole('region', { name: 'Notices' }).getByRole('button', { name: /^Dismiss/ });
    while ((await notices.count()) > 0) await notices.first().click();
    for (const size of SIZES) {
      await page.setViewportSize(size);
      for (const theme of THEMES) {
        await page.emulateMedia({ colorScheme: theme });
        await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
        await before?.();
        await page.screenshot({ path: path.join(SHOTS, `${name}-${size.width}-${theme}.png`) });
      }
    }
    await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));
    await page.setViewportSize(SIZES[0]);
  }

  /** Every opportunity the O2R screen lists by default (closed lost hidden), as the main side has them. */
  async function openOpportunities(): Promise<OpportunitySummary[]> {
    const rows: OpportunitySummary[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await api.call('o2r.list', { includeClosedLost: false, limit: 1000, offset });
      rows.push(...page.rows);
      if (rows.length >= page.total) return rows;
    }
  }
  const byAmount = (a: OpportunitySummary, b: OpportunitySummary) =>
    (b.amountHome ?? -Infinity) - (a.amountHome ?? -Infinity) || (a.id < b.id ? -1 : 1);

  const column = (page: Page, phase: number) => page.locator(`.board section[data-phase="${phase}"]`);
  const cardIds = (col: Locator) => col.locator('button.opp').evaluateAll((els) => els.map((e) => e.dataset.id));
  const detailOf = (page: Page) => page.getByRole('complementary', { name: 'Opportunity details' });

  async function showBoard(page: Page) {
    await page.getByRole('group', { name: 'Show as' }).getByRole('button', { name: 'Board' }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Phase board' }).count(), { timeout: 30_000 }).toBe(1);
  }

  it('the board holds each opportunity in the column of its phase, largest first, and is remembered', async () => {
    const all = await openOpportunities();
    const page = await open('o2r');
    await showBoard(page);
    for (const phase of [1, 2, 3, 4]) {
      const inPhase = all.filter((o) => o.phase === phase).sort(byAmount);
      const col = column(page, phase);
      await expect.poll(() => cardIds(col), { timeout: 30_000 }).toEqual(inPhase.slice(0, 20).map((o) => o.id));
      expect(await col.getByTestId(`board-total-${phase}`).textContent()).toMatch(
        new RegExp(`${inPhase.length.toLocaleString('en-US')} opportunit.*S\\$`),
      );
    }
    // "Show more" asks main for the next cards of that column only.
    const big = [1, 2, 3, 4].find((p) => all.filter((o) => o.phase === p).length > 20)!;
    await column(page, big)
      .getByRole('button', { name: /Show more/ })
      .click();
    const expected = all
      .filter((o) => o.phase === big)
      .sort(byAmount)
      .slice(0, 40);
    await expect.poll(() => cardIds(column(page, big))).toEqual(expected.map((o) => o.id));
    // A card shows the name, account, amount in S$, health as words, and the next milestone.
    const first = column(page, 2).locator('button.opp').first();
    const top2 = all.filter((o) => o.phase === 2).sort(byAmount)[0];
    const text = (await first.textContent()) ?? '';
    expect(text).toContain(top2.name);
    expect(text).toMatch(/S\$[\d,]+/);
    expect(text).toMatch(/Blocked|Red|Yellow|Needs update|Green/);
    expect(text).toMatch(/Next: |All milestones done/);

    // Keyboard: a card is a button; Enter opens the same detail as a row.
    await first.focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => detailOf(page).getByRole('heading', { level: 2 }).textContent(), { timeout: 30_000 })
      .toBe(top2.name);
    await detailOf(page).getByRole('button', { name: /Close/ }).first().click();

    // Chosen once, the board is what the O2R screen shows next time.
    await page.reload();
    await expect.poll(() => page.getByRole('region', { name: 'Phase board' }).count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByRole('button', { name: 'Board', pressed: true }).count()).toBe(1);
    await shoot(page, 'o2r-board');
    await page.close();
  });

  it('at 1024×768 no health chip wraps or spills out of its cell, and the four board headers are level', async () => {
    const page = await open('o2r');
    await page.setViewportSize(SIZES[1]);
    await page.getByRole('group', { name: 'Show as' }).getByRole('button', { name: 'Table' }).click();
    const rows = page.getByRole('table', { name: 'Opportunities' }).locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(50);
    // Each chip's text on one line ("Blocke d" on two was the bug): its height under 1.6 lines.
    const oneLine = (els: Element[]) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        const cell = e.closest('td')?.getBoundingClientRect();
        return {
          text: e.textContent!.trim(),
          // "normal" line height: about 1.25 × the font size.
          lines:
            r.height / (parseFloat(getComputedStyle(e).lineHeight) || 1.25 * parseFloat(getComputedStyle(e).fontSize)),
          spills: cell ? r.right > cell.right + 0.5 : false,
          width: `${Math.round(r.width)} px in a cell of ${Math.round(cell?.width ?? 0)} px`,
        };
      });
    const summary = await page.getByRole('group', { name: 'Filter by health' }).locator('.lbl').evaluateAll(oneLine);
    expect(summary.map((c) => c.text)).toEqual(['Blocked', 'Red', 'Yellow', 'Needs update', 'Green']);
    for (const c of summary) expect(c.lines, c.text).toBeLessThan(1.6);
    // In the list, every health chip (the worst, "Needs update" with its reasons, included).
    for (const value of ['', 'NEEDS_UPDATE']) {
      await page.getByLabel('Health', { exact: true }).selectOption(value);
      await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(50);
      await expect
        .poll(() => page.getByRole('search', { name: 'Filter opportunities' }).getByRole('status').textContent())
        .not.toMatch(/Filtering/);
      const chips = await rows.locator('[aria-label^="Health:"]').evaluateAll(oneLine);
      expect(chips.length).toBe(50);
      for (const c of chips) {
        expect(c.lines, c.text).toBeLessThan(1.6);
        expect(c.spills, `${c.text} spills out of its cell (${c.width})`).toBe(false);
      }
    }
    await page.getByLabel('Health', { exact: true }).selectOption('');

    // The board: one header height for the four columns, so their first cards start level.
    await showBoard(page);
    await expect.poll(() => column(page, 4).locator('button.opp').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const headers = await page
      .locator('.board section header')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
    const firstCards = await page
      .locator('.board section')
      .evaluateAll((els) => els.map((e) => e.querySelector('button.opp')!.getBoundingClientRect().top));
    expect(headers.length).toBe(4);
    // A phase name does wrap at this width ("Proposal → Commitment (PO)"), so the check is not idle.
    const names = await page
      .locator('.board section header h2')
      .evaluateAll((els) =>
        els.map(
          (e) =>
            e.getBoundingClientRect().height /
            (parseFloat(getComputedStyle(e).lineHeight) || 1.25 * parseFloat(getComputedStyle(e).fontSize)),
        ),
      );
    expect(Math.max(...names)).toBeGreaterThan(1.6);
    for (const h of headers) expect(h).toBeCloseTo(headers[0], 0);
    for (const t of firstCards) expect(t).toBeCloseTo(firstCards[0], 0);
    await page.close();
  });

  it('a PO date set in the detail opened from a card moves the card to Execution', async () => {
    const deal = (await openOpportunities()).find(
      (o) => o.phase === 2 && o.milestones.proposal && !o.milestones.po && o.syncState === 'synced',
    )!;
    const page = await open('o2r');
    await showBoard(page);
    // The board takes the list's filters: the search narrows every column.
    await page.getByLabel('Search opportunities').fill(deal.name);
    const card = (phase: number) => column(page, phase).locator(`button.opp[data-id="${deal.id}"]`);
    await expect.poll(() => card(2).count(), { timeout: 30_000 }).toBe(1);
    await card(2).click();
    const detail = detailOf(page);
    await expect.poll(() => detail.getByRole('heading', { level: 2 }).textContent()).toBe(deal.name);
    await detail.getByLabel('PO received').fill(today);
    await detail.getByLabel('PO received').press('Enter');
    await expect.poll(() => card(3).count(), { timeout: 30_000 }).toBe(1);
    expect(await card(2).count()).toBe(0);
    await expect
      .poll(() => detail.getByTestId('writeback-po').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('confirmed');
    expect((await crmDeal(deal.id)).PO_Generation_Date).toBe(today);
    await page.close();
  });

  it("Settings → O2R: a stage's phase moves that stage's opportunities on the O2R screen", async () => {
    const stage = 'Qualification (10)';
    const noDates = (o: OpportunitySummary) => Object.values(o.milestones).every((d) => d === null);
    const ofStage = (await openOpportunities()).filter((o) => o.stage === stage && noDates(o));
    expect(ofStage.length).toBeGreaterThan(0);
    expect(ofStage.every((o) => o.phase === 1)).toBe(true);

    const page = await open('settings?section=o2r');
    const form = page.getByRole('form', { name: 'O2R settings' });
    const select = form.getByLabel(`Phase of ${stage}`);
    await expect.poll(() => select.inputValue(), { timeout: 30_000 }).toBe('');
    await select.selectOption('2');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toMatch(/Saved/);

    // The O2R screen shows them in phase 2 without a reload.
    await page.getByRole('link', { name: 'O2R' }).click();
    await page.getByRole('button', { name: 'Table' }).click();
    await page.getByLabel('Search opportunities').fill(ofStage[0].name);
    const row = page.getByRole('table', { name: 'Opportunities' }).locator('tbody tr', { hasText: ofStage[0].name });
    await expect
      .poll(() => row.first().locator('td').nth(3).textContent(), { timeout: 30_000 })
      .toMatch(/2\s*Commitment/);
    const after = await openOpportunities();
    for (const o of ofStage) expect(after.find((x) => x.id === o.id)?.phase).toBe(2);
    await page.close();
  });

  it('refuses an invalid threshold with its message next to the field, and saves nothing', async () => {
    const before = await api.call('o2r.settings.get', {});
    const page = await open('settings?section=o2r');
    const form = page.getByRole('form', { name: 'O2R settings' });
    const stale = form.getByLabel('Not updated');
    await expect.poll(() => stale.inputValue(), { timeout: 30_000 }).toBe(String(before.thresholds.staleDays));

    await stale.fill('-3');
    await form.getByRole('button', { name: 'Save' }).click();
    const staleField = form.locator('label', { hasText: 'Not updated' });
    await expect.poll(() => staleField.getByRole('alert').textContent()).toMatch(/cannot be negative/);
    expect(await stale.getAttribute('aria-invalid')).toBe('true');

    // A value fine alone but not with the others: the low probability must stay below the high one.
    await stale.fill('10');
    const low = form.getByLabel('Low probability after kickoff');
    await low.fill(String(before.thresholds.highProbabilityNoPo + 5));
    await form.getByRole('button', { name: 'Save' }).click();
    const lowField = form.locator('label', { hasText: 'Low probability after kickoff' });
    await expect.poll(() => lowField.getByRole('alert').textContent()).toMatch(/must be below the high-probability/);
    expect(await staleField.getByRole('alert').count()).toBe(0);
    expect(await form.getByRole('status').textContent()).toMatch(/Not saved/);
    await shoot(page, 'o2r-settings-invalid', () => lowField.scrollIntoViewIfNeeded());
    expect(await api.call('o2r.settings.get', {})).toEqual(before);
    await page.close();
  });

  it('restores the default O2R settings after asking', async () => {
    const page = await open('settings?section=o2r');
    const form = page.getByRole('form', { name: 'O2R settings' });
    const stale = form.getByLabel('Not updated');
    await expect.poll(() => stale.inputValue(), { timeout: 30_000 }).not.toBe('');
    await stale.fill('21');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toMatch(/Saved/);
    expect((await api.call('o2r.settings.get', {})).thresholds.staleDays).toBe(21);
    await shoot(page, 'o2r-settings', () => form.scrollIntoViewIfNeeded());

    await form.getByRole('button', { name: 'Restore defaults…' }).click();
    const ask = form.getByRole('alertdialog', { name: 'Restore the default O2R settings?' });
    await ask.getByRole('button', { name: 'Restore defaults' }).click();
    await expect.poll(() => stale.inputValue()).toBe('7');
    expect(await form.getByLabel('Phase of Qualification (10)').inputValue()).toBe('');
    const now = await api.call('o2r.settings.get', {});
    expect(now.thresholds.staleDays).toBe(7);
    expect(now.stagePhases['Proposal submitted (60)']).toBe(2);
    expect(now.stagePhases['Qualification (10)']).toBeUndefined();
    await page.close();
  });

  it('a milestone the org maps to no field says so, and its link opens Settings → Field mapping', async () => {
    await api.call('fields.mapping.update', { mapping: { payment: null } });
    try {
      const deal = (await openOpportunities()).find((o) => o.phase === 2)!;
      const page = await open(`o2r?deal=${deal.id}`);
      const detail = detailOf(page);
      await expect
        .poll(() => detail.getByRole('heading', { level: 2 }).textContent(), { timeout: 30_000 })
        .toBe(deal.name);
      expect(await detail.getByLabel('Payment received').isDisabled()).toBe(true);
      const link = detail.getByRole('link', { name: 'Settings → Field mapping' });
      expect(await link.count()).toBe(1);
      await link.click();
      await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/settings?section=field-mapping');
      // The section is brought to the top of the screen, and stays there while the ones above load.
      const section = page.locator('#field-mapping');
      const offset = () =>
        section.evaluate((el) =>
          Math.round(el.getBoundingClientRect().top - document.querySelector('main')!.getBoundingClientRect().top),
        );
      await expect.poll(offset, { timeout: 30_000 }).toBeLessThan(40);
      expect(await section.getByRole('heading', { name: /Field mapping/ }).count()).toBe(1);
      await page.close();
    } finally {
      await api.call('fields.mapping.update', { reset: ['payment'] });
    }
  });

  it('stage, probability, a blocker, a comment and the strategic flag edited in the detail persist across a reload', async () => {
    const deal = (await openOpportunities()).find(
      (o) => o.stage === 'Needs Analysis (20)' && !o.strategic && o.openBlockers === 0 && o.syncState === 'synced',
    )!;
    const page = await open(`o2r?deal=${deal.id}`);
    let detail = detailOf(page);
    await expect
      .poll(() => detail.getByRole('heading', { level: 2 }).textContent(), { timeout: 30_000 })
      .toBe(deal.name);
    await detail.getByLabel('Stage', { exact: true }).selectOption('Value Proposition (40)');
    await expect
      .poll(() => detail.getByTestId('writeback-stage').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('confirmed');
    // The stage brings its probability, as in Zoho: the next probability edit is no conflict.
    const probability = detail.getByLabel('Probability (%)');
    await expect.poll(() => probability.inputValue()).toBe('40');
    await probability.fill('45');
    await probability.press('Enter');
    await expect.poll(async () => (await crmDeal(deal.id)).Probability, { timeout: 30_000 }).toBe(45);
    await expect
      .poll(() => detail.getByTestId('writeback-probability').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('confirmed');
    expect((await crmDeal(deal.id)).Stage).toBe('Value Proposition (40)');

    await detail.getByLabel('New blocker reason').fill('Waiting for the customer’s legal review');
    await detail.getByRole('button', { name: 'Add blocker' }).click();
    await expect.poll(() => detail.getByTestId('detail-health').textContent()).toMatch(/Blocked/);
    await detail.getByRole('button', { name: 'Add blocker' }).waitFor();
    await detail.getByLabel('New blocker reason').fill('Budget not approved');
    await detail.getByRole('button', { name: 'Add blocker' }).click();
    await detail.getByRole('button', { name: 'Resolve blocker: Budget not approved' }).click();
    await expect.poll(() => detail.getByRole('button', { name: /Resolve blocker/ }).count()).toBe(1);
    await detail.getByLabel('New comment').fill('Procurement wants a revised quote');
    await detail.getByRole('button', { name: 'Add comment' }).click();
    await expect.poll(() => detail.getByRole('list', { name: 'Comments' }).textContent()).toMatch(/revised quote/);
    await detail.getByLabel('★ Strategic').check();
    await expect.poll(async () => (await api.call('o2r.get', { id: deal.id }))!.opportunity.strategic).toBe(true);

    await page.reload();
    detail = detailOf(page);
    await expect
      .poll(() => detail.getByRole('heading', { level: 2 }).textContent(), { timeout: 30_000 })
      .toBe(deal.name);
    expect(await detail.getByLabel('Stage', { exact: true }).inputValue()).toBe('Value Proposition (40)');
    expect(await detail.getByLabel('Probability (%)').inputValue()).toBe('45');
    expect(await detail.getByTestId('writeback-stage').getAttribute('data-state')).toBe('confirmed');
    expect(await detail.getByTestId('writeback-probability').getAttribute('data-state')).toBe('confirmed');
    const blockers = (await detail.getByRole('list', { name: 'Blockers' }).textContent()) ?? '';
    expect(blockers).toMatch(/legal review/);
    expect(blockers).toMatch(/Budget not approved\s*resolved/);
    expect(await detail.getByRole('button', { name: /Resolve blocker: Waiting/ }).count()).toBe(1);
    expect(await detail.getByRole('list', { name: 'Comments' }).textContent()).toMatch(/revised quote/);
    expect(await detail.getByLabel('★ Strategic').isChecked()).toBe(true);
    expect(await detail.getByTestId('detail-health').textContent()).toMatch(/Blocked/);
    await page.close();
  });

  it('a push Zoho answers 503 says so in words, the technical answer in small print; screenshots of detail, conflict and outbox', async () => {
    const candidates = (await openOpportunities()).filter(
      (o) => o.phase === 2 && o.milestones.proposal && !o.milestones.po && o.syncState === 'synced',
    );
    const [waiting, clash] = candidates;
    const crmDate = new Date(Date.parse(`${today}T00:00:00Z`) - 3 * 86_400_000).toISOString().slice(0, 10);
    await sandbox('PUT', 'faults', { seed: 1, rates: { '503': 1 } });
    try {
      await api.call('o2r.edit', { id: clash.id, changes: { po: today } });
      await api.call('o2r.edit', { id: waiting.id, changes: { po: today, probability: 90 } });
      const page = await open(`o2r?deal=${waiting.id}`);
      const detail = detailOf(page);
      const sentence = 'Zoho CRM is unavailable (503). The edit stays in the outbox and is retried.';
      await expect
        .poll(() => detail.getByTestId('writeback-po').textContent(), { timeout: 60_000 })
        .toContain(sentence);
      expect(await detail.getByTestId('writeback-po').locator('.tech-detail').textContent()).toMatch(/503/);
      await shoot(page, 'o2r-detail-editable');

      await page.getByRole('link', { name: /Outbox/ }).click();
      const group = page.getByRole('listitem', { name: waiting.name });
      await expect.poll(() => group.textContent(), { timeout: 30_000 }).toContain(sentence);
      expect(await group.locator('.tech-detail').first().textContent()).toMatch(/Zoho CRM answered 503/);
      expect(await group.textContent()).not.toMatch(/Waiting to retry: Zoho CRM answered/);
      await shoot(page, 'o2r-outbox');

      // Someone records another PO date in Zoho meanwhile: the clash's push meets a conflict.
      await sandbox('PATCH', `deals/${clash.id}`, { PO_Generation_Date: crmDate });
      await sandbox('PUT', 'faults', null);
      await api.call('o2r.syncBatchToCrm', { ids: [clash.id] });
      await page.getByRole('link', { name: /Conflicts/ }).click();
      const conflict = page.getByRole('group', { name: `PO received of ${clash.name}` });
      await expect.poll(() => conflict.count(), { timeout: 30_000 }).toBe(1);
      await shoot(page, 'o2r-conflict');
      await conflict.getByRole('button', { name: "Take CRM's" }).click();
      await page.close();
    } finally {
      await sandbox('PUT', 'faults', null);
    }
  });
});
