/**
 * The weekly review as an A4 PDF (pdfkit, with Noto fonts from npm packages so deal and account
 * names in any APAC script render: see pdf-fonts.ts). The app and `pulse export review` both call this, so they produce the same file; the
 * document's date is the review's "today" (not the clock), so the same data gives the same bytes.
 */
import { format } from 'date-fns/format';
import PDFDocument from 'pdfkit';
import type { Health } from '../o2r/index';
import { BOLD, REGULAR, faceFor, registerFonts, type Weight } from './pdf-fonts';
import type { BreakdownLine, ReviewReport } from './review-report';

const INK = '#1b1f24';
const MUTED = '#5b6470';
const RULE = '#e2e5ea';
const ACCENT = '#2563eb';
const HEALTH_COLOUR: Record<Health, string> = {
  GREEN: '#15803d',
  YELLOW: '#ca8a04',
  NEEDS_UPDATE: '#64748b',
  RED: '#b91c1c',
  BLOCKED: '#7c2d12',
};
const HEALTH_LABEL: Record<Health, string> = {
  GREEN: 'Green',
  YELLOW: 'Yellow',
  NEEDS_UPDATE: 'Needs update',
  RED: 'Red',
  BLOCKED: 'Blocked',
};
const HEALTH_ORDER: Health[] = ['GREEN', 'YELLOW', 'NEEDS_UPDATE', 'RED', 'BLOCKED'];

/**
 * Text as the PDF draws it: the arrow some reasons use has no glyph in Noto Sans (the usual
 * font), so it becomes "->" rather than sending the whole line to a fallback font.
 */
export function pdfText(s: string): string {
  return s.replace(/→/g, '->');
}

const day = (iso: string) => format(new Date(`${iso}T00:00:00`), 'EEE d MMM yyyy');
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)} %`);
const score = (x: number | null) => (x === null ? '—' : String(Math.round(x)));

export interface PdfOptions {
  /** The review's "today" (YYYY-MM-DD): the document date. */
  today: string;
}

export function reviewPdf(report: ReviewReport, opts: PdfOptions): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 48, bottom: 56, left: 48, right: 48 },
    bufferPages: true,
    info: {
      Title: `Weekly review ${report.week.start} – ${report.week.end}`,
      Author: 'Pipeline Pulse',
      Creator: 'Pipeline Pulse',
      CreationDate: new Date(`${opts.today}T00:00:00Z`),
    },
  });
  registerFonts(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  draw(doc, report);
  doc.end();
  return done;
}

type Doc = PDFKit.PDFDocument;

/**
 * Sets the font that has every character of `text` (Latin, Vietnamese, Chinese, Thai…); returns
 * the options to draw and measure the text with.
 */
function fontFor(doc: Doc, text: string, weight: Weight = 'regular'): PDFKit.Mixins.TextOptions {
  const face = faceFor(text, weight);
  doc.font(face.name);
  return face.options as PDFKit.Mixins.TextOptions;
}

function money(amount: number | null, currency: string): string {
  if (amount === null) return '—';
  return `${currency} ${Math.round(amount).toLocaleString('en')}`;
}

function draw(doc: Doc, r: ReviewReport): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  // Title
  doc.fillColor(ACCENT).font(BOLD).fontSize(9).text('PIPELINE PULSE', left, 48, { characterSpacing: 1 });
  doc.fillColor(INK).font(BOLD).fontSize(22).text('Weekly review', left, 62);
  const subtitle = pdfText(
    `${day(r.week.start)} – ${day(r.week.end)}  ·  ${r.workspace}  ·  amounts in ${r.homeCurrency}`,
  );
  const subtitleOptions = fontFor(doc, subtitle);
  doc.fontSize(10.5).fillColor(MUTED).text(subtitle, left, 92, subtitleOptions);
  rule(doc, 112);

  // Headline tiles
  const tiles: [string, string][] = [
    ['Health score', score(r.headline.healthScore)],
    ['Open opportunities', r.headline.open.toLocaleString('en')],
    ['Updated this week', pct(r.headline.shareUpdated)],
    ['Requires attention', r.headline.requiresAttention.toLocaleString('en')],
    ['Reviewed', `${r.headline.reviewed.toLocaleString('en')} / ${r.headline.open.toLocaleString('en')}`],
  ];
  const gap = 8;
  const tw = (width - gap * (tiles.length - 1)) / tiles.length;
  tiles.forEach(([label, value], i) => {
    const x = left + i * (tw + gap);
    doc.roundedRect(x, 124, tw, 66, 6).fillAndStroke('#f6f7f9', RULE);
    doc
      .fillColor(MUTED)
      .font(REGULAR)
      .fontSize(8.5)
      .text(label, x + 10, 134, { width: tw - 20 });
    doc
      .fillColor(INK)
      .font(BOLD)
      .fontSize(18)
      .text(value, x + 10, 158, { width: tw - 20 });
  });

  // Health distribution bar + legend
  let y = 206;
  section(doc, 'Health', left, y);
  y += 18;
  const total = HEALTH_ORDER.reduce((s, h) => s + r.health[h], 0);
  let x = left;
  for (const h of HEALTH_ORDER) {
    const w = total ? (r.health[h] / total) * width : 0;
    if (w > 0) doc.rect(x, y, w, 10).fill(HEALTH_COLOUR[h]);
    x += w;
  }
  if (!total) doc.rect(left, y, width, 10).fill(RULE);
  y += 18;
  x = left;
  doc.font(REGULAR).fontSize(9);
  for (const h of HEALTH_ORDER) {
    doc.circle(x + 4, y + 4, 3.5).fill(HEALTH_COLOUR[h]);
    const label = `${HEALTH_LABEL[h]} ${r.health[h].toLocaleString('en')}`;
    doc.fillColor(INK).text(label, x + 11, y);
    x += doc.widthOfString(label) + 28;
  }

  // Movement
  y += 26;
  section(doc, 'Movement since the previous review', left, y);
  y += 18;
  const moves: [string, number, string][] = [
    ['Deteriorated', r.movement.deteriorated, HEALTH_COLOUR.RED],
    ['Improved', r.movement.improved, HEALTH_COLOUR.GREEN],
    ['New', r.movement.new, ACCENT],
    ['Stable', r.movement.stable, MUTED],
  ];
  x = left;
  for (const [label, n, colour] of moves) {
    doc.fillColor(colour).font(BOLD).fontSize(14).text(n.toLocaleString('en'), x, y);
    doc
      .fillColor(MUTED)
      .font(REGULAR)
      .fontSize(9)
      .text(label, x, y + 17);
    x += width / 4;
  }

  // Breakdown
  y += 44;
  section(doc, 'Breakdown by phase', left, y);
  y = breakdownTable(doc, r.byPhase, left, y + 18, width);
  y += 14;
  section(doc, 'Breakdown by territory', left, y);
  const territories = r.byTerritory.slice(0, 8);
  y = breakdownTable(doc, territories, left, y + 18, width);
  if (r.byTerritory.length > territories.length)
    doc
      .fillColor(MUTED)
      .font(REGULAR)
      .fontSize(8.5)
      .text(
        `and ${r.byTerritory.length - territories.length} more ${r.byTerritory.length - territories.length === 1 ? 'territory' : 'territories'}`,
        left,
        y + 2,
      );

  // Opportunities needing attention
  doc.addPage();
  y = doc.page.margins.top;
  doc.fillColor(INK).font(BOLD).fontSize(15).text('Opportunities needing attention', left, y);
  y += 22;
  doc
    .fillColor(MUTED)
    .font(REGULAR)
    .fontSize(9.5)
    .text(
      `${r.attention.length.toLocaleString('en')} open ${r.attention.length === 1 ? 'opportunity is' : 'opportunities are'} red, blocked or got worse this week; most severe and largest first.`,
      left,
      y,
      { width },
    );
  y += 22;
  if (r.attention.length === 0) {
    doc.fillColor(INK).fontSize(11).text('Nothing needs attention this week.', left, y);
  }
  for (const item of r.attention) y = attentionItem(doc, item, r.homeCurrency, left, y, width);

  footer(doc, r);
}

function section(doc: Doc, title: string, x: number, y: number): void {
  doc.fillColor(INK).font(BOLD).fontSize(11).text(title, x, y);
}

function rule(doc: Doc, y: number): void {
  const left = doc.page.margins.left;
  doc
    .moveTo(left, y)
    .lineTo(doc.page.width - doc.page.margins.right, y)
    .lineWidth(0.7)
    .strokeColor(RULE)
    .stroke();
}

function breakdownTable(doc: Doc, lines: BreakdownLine[], left: number, y: number, width: number): number {
  const cols = [
    { title: '', w: width * 0.46, align: 'left' as const },
    { title: 'Open', w: width * 0.12, align: 'right' as const },
    { title: 'Updated', w: width * 0.14, align: 'right' as const },
    { title: 'Attention', w: width * 0.14, align: 'right' as const },
    { title: 'Health score', w: width * 0.14, align: 'right' as const },
  ];
  const row = (cells: string[], yy: number, bold: boolean, colour: string) => {
    let x = left;
    doc.fontSize(9).fillColor(colour);
    cells.forEach((cell, i) => {
      const options = fontFor(doc, pdfText(cell), bold ? 'bold' : 'regular');
      doc.text(pdfText(cell), x + (i === 0 ? 0 : 4), yy, {
        ...options,
        width: cols[i].w - 4,
        align: cols[i].align,
        lineBreak: false,
        ellipsis: true,
      });
      x += cols[i].w;
    });
  };
  row(
    cols.map((c) => c.title),
    y,
    true,
    MUTED,
  );
  y += 14;
  rule(doc, y - 2);
  for (const l of lines) {
    row(
      [
        l.label,
        String(l.total),
        l.total ? `${Math.round((l.updated / l.total) * 100)} %` : '—',
        String(l.attention),
        score(l.healthScore),
      ],
      y + 2,
      false,
      INK,
    );
    y += 16;
  }
  return y;
}

function attentionItem(
  doc: Doc,
  item: ReviewReport['attention'][number],
  home: string,
  left: number,
  y: number,
  width: number,
): number {
  const details = [
    item.reasons.length ? `Why: ${item.reasons.join('; ')}` : null,
    item.nextAction ? `Next: ${item.nextAction}` : null,
    item.note ? `Review note: ${item.note}` : null,
  ].filter((s): s is string => s !== null);
  doc.fontSize(9);
  const textW = width - 110;
  const detailHeight = (d: string) => doc.heightOfString(pdfText(d), { ...fontFor(doc, pdfText(d)), width: textW }) + 2;
  const height = 16 + 12 + details.reduce((h, d) => h + detailHeight(d), 0) + 10;
  if (y + height > doc.page.height - doc.page.margins.bottom) {
    doc.addPage();
    y = doc.page.margins.top;
  }
  doc.rect(left, y, 3, height - 8).fill(HEALTH_COLOUR[item.health]);
  const nameOptions = fontFor(doc, pdfText(item.name), 'bold');
  doc
    .fillColor(INK)
    .fontSize(10.5)
    .text(pdfText(item.name), left + 12, y, { ...nameOptions, width: textW, lineBreak: false, ellipsis: true });
  doc
    .fillColor(HEALTH_COLOUR[item.health])
    .font(BOLD)
    .fontSize(9)
    .text(`${HEALTH_LABEL[item.health]}${item.movement === 'deteriorated' ? ' · worse' : ''}`, left + width - 96, y, {
      width: 96,
      align: 'right',
    });
  // Account and owner each in the font their script needs (a Thai account, a Vietnamese owner).
  const who = [item.accountName, item.ownerName].filter((w): w is string => !!w).map(pdfText);
  let whoX = left + 12;
  doc.fillColor(MUTED).fontSize(9);
  (who.length ? who : ['—']).forEach((part, i) => {
    const text = i === 0 ? part : ` · ${part}`;
    const options = fontFor(doc, text);
    const room = left + 12 + textW - whoX;
    if (room <= 0) return;
    doc.text(text, whoX, y + 14, { ...options, width: room, lineBreak: false, ellipsis: true });
    whoX += doc.widthOfString(text, options);
  });
  doc
    .font(REGULAR)
    .fillColor(INK)
    .text(money(item.amountHome, home), left + width - 96, y + 14, { width: 96, align: 'right' });
  let yy = y + 28;
  for (const d of details) {
    const options = fontFor(doc, pdfText(d));
    doc
      .fillColor(d.startsWith('Review note') ? ACCENT : INK)
      .text(pdfText(d), left + 12, yy, { ...options, width: textW });
    yy += detailHeight(d);
  }
  return y + height;
}

function footer(doc: Doc, r: ReviewReport): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Text below the bottom margin would make pdfkit start a new page: lift the margin meanwhile.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - 36;
    doc
      .fillColor(MUTED)
      .font(REGULAR)
      .fontSize(8)
      .text(pdfText(`Pipeline Pulse · weekly review ${r.week.start} – ${r.week.end}`), doc.page.margins.left, y, {
        lineBreak: false,
      })
      .text(`Page ${i + 1} of ${range.count}`, doc.page.margins.left, y, {
        width: doc.page.width - doc.page.margins.left - doc.page.margins.right,
        align: 'right',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
}
