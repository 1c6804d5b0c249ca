import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reviewPdf } from '../../src-main/core/export/review-pdf';
import type { ReviewReport } from '../../src-main/core/export/review-report';
import { launchChromium } from '../helpers/browser';
import { pdfText } from '../helpers/pdf-text';
import { tempDir } from '../helpers/temp-dir';
import { SHOTS } from '../helpers/web-app';

/**
 * APAC customers' deals and accounts are named in Chinese, Thai, Vietnamese…: the review PDF
 * embeds fonts that have those characters (pdfkit's built-in Helvetica drew "?" instead). The
 * names must be in the PDF's text, and Chromium renders the page (looked at by people:
 * test-output/screenshots/review-pdf-scripts.png).
 */
const NAMES = {
  chinese: '深圳华南科技有限公司',
  chineseDeal: '数据平台 – 第二期',
  vietnamese: 'Công ty Cổ phần Đầu tư Hưng Thịnh',
  vietnameseDeal: 'Triển khai hệ thống quản lý kho',
  territory: '越南 Việt Nam',
};

/** Thai is drawn right (see the PNG) but pdfkit writes its vowel marks as separate glyphs without text. */
const THAI = 'บริษัท สยามเทค จำกัด';

function report(): ReviewReport {
  const item = (name: string, accountName: string, note: string | null): ReviewReport['attention'][number] => ({
    name,
    accountName,
    ownerName: 'Nguyễn Thị Lan',
    health: 'RED',
    movement: 'deteriorated',
    amountHome: 125_000,
    reasons: ['Invoice overdue by 12 days', 'Closing date passed → 2026-11-30'],
    nextAction: 'Gọi cho khách hàng thứ Sáu',
    note,
  });
  return {
    week: { start: '2026-11-23', end: '2026-11-29' },
    workspace: 'Zoho CRM',
    homeCurrency: 'SGD',
    headline: { open: 3, healthScore: 61, shareUpdated: 0.5, requiresAttention: 3, reviewed: 1, closedLost: 0 },
    health: { GREEN: 0, YELLOW: 0, NEEDS_UPDATE: 0, RED: 3, BLOCKED: 0 },
    movement: { new: 0, improved: 0, deteriorated: 3, stable: 0 },
    byPhase: [{ label: 'Phase 1 · Opportunity', total: 3, updated: 1, attention: 3, healthScore: 61 }],
    byTerritory: [{ label: NAMES.territory, total: 3, updated: 1, attention: 3, healthScore: 61 }],
    attention: [
      item(NAMES.chineseDeal, NAMES.chinese, '客户等待修订后的工作说明书'),
      item(NAMES.vietnameseDeal, NAMES.vietnamese, null),
      item('Siam ERP rollout', THAI, null),
    ],
  };
}

describe('the review PDF with non-Latin names', () => {
  it('holds Chinese, Vietnamese and Thai names as text, and Chromium renders them', async () => {
    const pdf = await reviewPdf(report(), { today: '2026-11-30' });
    const file = path.join(tempDir('pulse-pdf-scripts-'), 'review.pdf');
    fs.writeFileSync(file, pdf);
    fs.mkdirSync(SHOTS, { recursive: true });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
      await page.goto(`file://${file}`);
      await expect
        .poll(
          async () =>
            (await page
              .frames()
              .find((f) => f.url().startsWith('chrome-extension://'))
              ?.evaluate(() => {
                const v = document.querySelector('pdf-viewer');
                return v?.shadowRoot?.querySelector('viewer-toolbar')?.shadowRoot?.textContent ?? '';
              })) ?? '',
          { timeout: 20_000 },
        )
        .toMatch(/Weekly review/);
      await page.waitForTimeout(1500); // let the page paint
      // The second page lists the opportunities with their names.
      await page.keyboard.press('PageDown');
      await page.waitForTimeout(1000);
      await page.screenshot({ path: path.join(SHOTS, 'review-pdf-scripts.png') });
    } finally {
      await browser.close();
    }
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    for (const name of Object.values(NAMES)) expect(text).toContain(name);
    expect(text).toContain('客户等待修订后的工作说明书');
    expect(text).toContain('Gọi cho khách hàng thứ Sáu');
    expect(text).toContain('สยามเทค');
    expect(text).not.toContain('?');
    // Subset fonts: only the glyphs used are embedded (the Chinese font file alone is 10 MB).
    expect(pdf.length).toBeLessThan(600_000);
  }, 60_000);
});
