import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallResult } from '../../src-shared/contract/calls';
import { createCore, type Core } from '../../src-main/core/core';
import { buildReviewReport } from '../../src-main/core/export/review-report';
import { launchChromium } from '../helpers/browser';
import { runPulse } from '../helpers/pulse-process';
import { tempDir } from '../helpers/temp-dir';
import { SHOTS } from '../helpers/web-app';
import { o2rRig } from '../helpers/o2r-rig';

/**
 * The weekly review as a PDF: its content (headline, movement, breakdown, the opportunities that
 * need attention with reasons and review notes), the same bytes from the app and from
 * `pulse export review`, and its first page rendered by Chromium's PDF viewer into a PNG that
 * people look at (test-output/screenshots/review-pdf-page1.png).
 */
describe('the weekly review PDF', () => {
  let dataDir: string;
  let core: Core;
  let redId: string;

  beforeAll(async () => {
    const r = await o2rRig({ deals: 150, seed: 4 });
    dataDir = r.dataDir;
    await r.core.close();
    await r.sb.close();
    // The account's workspace, as `pulse export` opens the same folder (same name on the report).
    core = createCore({ dataDir, host: 'test', sync: { autoStart: false } });
    const red = await core.dispatch('o2r.list', { health: ['RED'], limit: 1 });
    redId = (red.ok && (red.result as { rows: { id: string }[] }).rows[0].id) || '';
    await core.dispatch('o2r.review.setNote', {
      id: redId,
      note: 'Customer waiting for the revised SOW — call Friday',
    });
  });
  afterAll(async () => core?.close());

  it('holds the headline, movement, breakdown and each red opportunity with its reasons and note', () => {
    const report = buildReviewReport(core.ctx.o2r, undefined, 'Zoho CRM', 'SGD');
    const review = core.ctx.o2r.review();
    expect(report.headline.open).toBe(review.insights.overall.total);
    expect(report.headline.healthScore).toBe(review.insights.overall.healthScore);
    expect(report.movement).toEqual(review.insights.movement);
    expect(report.byPhase.map((b) => b.total)).toEqual([1, 2, 3, 4].map((p) => review.insights.byPhase[p as 1].total));
    const reds = review.rows.filter((x) => !x.closedLost && (x.health === 'RED' || x.health === 'BLOCKED'));
    expect(report.attention.length).toBeGreaterThanOrEqual(reds.length);
    const noted = report.attention.find((a) => a.note?.startsWith('Customer waiting'))!;
    expect(noted).toMatchObject({ health: 'RED', name: core.ctx.o2r.cache.get(redId)!.name });
    expect(noted.reasons.length).toBeGreaterThan(0);
  });

  it('is the same file from the app and from pulse export, and Chromium renders its first page', async () => {
    const res = (await core.dispatch('export.create', { what: 'review', format: 'pdf' })) as {
      ok: true;
      result: Extract<CallResult<'export.create'>, { delivery: 'download' }>;
    };
    expect(res.ok).toBe(true);
    const fromApp = Buffer.from(res.result.data, 'base64');
    expect(res.result.fileName).toMatch(/^weekly-review-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(fromApp.subarray(0, 5).toString()).toBe('%PDF-');

    const out = path.join(tempDir('pulse-pdf-'), 'review.pdf');
    const cli = await runPulse(['export', 'review', '--format', 'pdf', '--out', out, '--data-dir', dataDir]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(Buffer.compare(fs.readFileSync(out), fromApp)).toBe(0);

    fs.mkdirSync(SHOTS, { recursive: true });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
      await page.goto(`file://${out}`);
      // Chromium's viewer (an extension frame) shows the document's title once it has parsed the file.
      const toolbarText = async () => {
        const viewer = page.frames().find((f) => f.url().startsWith('chrome-extension://'));
        return (
          (await viewer?.evaluate(() => {
            const v = document.querySelector('pdf-viewer');
            return v?.shadowRoot?.querySelector('viewer-toolbar')?.shadowRoot?.textContent ?? '';
          })) ?? ''
        );
      };
      await expect
        .poll(toolbarText, { timeout: 20_000 })
        .toMatch(/Weekly review \d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2}/);
      await page.waitForTimeout(1500); // let the first page paint
      await page.screenshot({ path: path.join(SHOTS, 'review-pdf-page1.png') });
    } finally {
      await browser.close();
    }
  }, 60_000);
});
