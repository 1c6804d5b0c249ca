/**
 * The .xlsx export (exceljs): a data sheet with typed cells — dates as Excel dates, amounts as
 * numbers with their currency in the number format, probabilities and counts as numbers, flags as
 * booleans — frozen headers and filters; and a Summary sheet with totals by stage, country and
 * owner (count, amount and weighted amount in the home currency, open deals first).
 */
import ExcelJS from 'exceljs';
import type { ExportColumn, ExportRow } from './columns';

export interface XlsxOptions {
  sheetName: string;
  homeCurrency: string;
  /** Shown above the summary tables: what was exported and with which filters. */
  title: string;
  generatedAt: Date;
}

/** "#,##0.00 "SGD"": the code after the number, never a bare "$" (S$ and US$ look alike). */
export function moneyFormat(currency: string | null): string {
  return currency ? `#,##0.00 "${currency.replace(/"/g, '')}"` : '#,##0.00';
}

/** 'YYYY-MM-DD' → a Date at UTC midnight (exceljs writes Dates as UTC serials: the same calendar day). */
function asDate(v: unknown): Date | null {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(v)) return null;
  const d = new Date(`${v.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A wall-clock date-time ('2026-05-02T11:17:33+05:30') as written, offset dropped. */
function asDateTime(v: unknown): Date | null {
  if (typeof v !== 'string') return null;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)/.exec(v);
  if (!m) return asDate(v);
  const d = new Date(`${m[1]}T${m[2].length === 5 ? `${m[2]}:00` : m[2]}Z`);
  return Number.isNaN(d.getTime()) ? null : d;
}

function cellValue(col: ExportColumn, v: unknown): ExcelJS.CellValue {
  if (v === null || v === undefined || v === '') return null;
  switch (col.kind) {
    case 'date':
      return asDate(v);
    case 'datetime':
      return asDateTime(v);
    case 'boolean':
      return Boolean(v);
    case 'text':
      return String(v);
    default:
      return typeof v === 'number' ? v : Number(v);
  }
}

const NUM_FMT: Partial<Record<ExportColumn['kind'], string>> = {
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
  percent: '0"%"',
  integer: '0',
  rate: '0.000000',
};

function addDataSheet(
  wb: ExcelJS.Workbook,
  columns: readonly ExportColumn[],
  rows: readonly ExportRow[],
  o: XlsxOptions,
) {
  const ws = wb.addWorksheet(o.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({
    header: c.label,
    key: c.key,
    width: Math.min(48, Math.max(12, c.label.length + 2, c.key === 'name' ? 40 : 0, c.kind === 'text' ? 18 : 0)),
    style: NUM_FMT[c.kind]
      ? { numFmt: NUM_FMT[c.kind] }
      : c.kind === 'money-home'
        ? { numFmt: moneyFormat(o.homeCurrency) }
        : {},
  }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    const row = ws.addRow(Object.fromEntries(columns.map((c) => [c.key, cellValue(c, r[c.key])])));
    // A deal's own amount is in its own currency: the format says which.
    for (const c of columns)
      if (c.kind === 'money-deal') row.getCell(c.key).numFmt = moneyFormat((r.currency as string | null) ?? null);
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
}

interface Bucket {
  key: string;
  count: number;
  amount: number;
  weighted: number;
  unconverted: number;
}

function totalsBy(rows: readonly ExportRow[], field: string): Bucket[] {
  const map = new Map<string, Bucket>();
  for (const r of rows) {
    const key = (r[field] as string | null) || '(none)';
    const b = map.get(key) ?? { key, count: 0, amount: 0, weighted: 0, unconverted: 0 };
    b.count++;
    const home = r.amountHome as number | null;
    if (home === null || home === undefined) b.unconverted++;
    else {
      b.amount += home;
      b.weighted += (home * ((r.probability as number | null) ?? 0)) / 100;
    }
    map.set(key, b);
  }
  return [...map.values()].sort((a, b) => b.amount - a.amount || a.key.localeCompare(b.key));
}

function addSummarySheet(wb: ExcelJS.Workbook, rows: readonly ExportRow[], o: XlsxOptions) {
  const ws = wb.addWorksheet('Summary');
  ws.columns = [{ width: 36 }, { width: 10 }, { width: 22 }, { width: 22 }, { width: 14 }];
  const money = moneyFormat(o.homeCurrency);
  ws.addRow([o.title]).font = { bold: true, size: 14 };
  ws.addRow([
    `${rows.length.toLocaleString('en')} rows · amounts in ${o.homeCurrency} · generated ${o.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  ]).font = {
    color: { argb: 'FF5B6470' },
  };
  for (const [field, title] of [
    ['stage', 'By stage'],
    ['country', 'By country'],
    ['ownerName', 'By owner'],
  ] as const) {
    ws.addRow([]);
    ws.addRow([title]).font = { bold: true, size: 12 };
    const head = ws.addRow([
      title.replace('By ', '').replace(/^./, (ch) => ch.toUpperCase()),
      'Count',
      `Amount (${o.homeCurrency})`,
      `Weighted (${o.homeCurrency})`,
      'Not converted',
    ]);
    head.font = { bold: true };
    head.eachCell((cell) => (cell.border = { bottom: { style: 'thin' } }));
    const buckets = totalsBy(rows, field);
    for (const b of buckets) {
      const row = ws.addRow([
        b.key,
        b.count,
        Math.round(b.amount * 100) / 100,
        Math.round(b.weighted * 100) / 100,
        b.unconverted,
      ]);
      row.getCell(3).numFmt = money;
      row.getCell(4).numFmt = money;
    }
    const total = ws.addRow([
      'Total',
      rows.length,
      Math.round(buckets.reduce((s, b) => s + b.amount, 0) * 100) / 100,
      Math.round(buckets.reduce((s, b) => s + b.weighted, 0) * 100) / 100,
      buckets.reduce((s, b) => s + b.unconverted, 0),
    ]);
    total.font = { bold: true };
    total.getCell(3).numFmt = money;
    total.getCell(4).numFmt = money;
    total.eachCell((cell) => (cell.border = { top: { style: 'thin' } }));
  }
}

export async function xlsxBuffer(
  columns: readonly ExportColumn[],
  rows: readonly ExportRow[],
  o: XlsxOptions,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Pipeline Pulse';
  wb.created = o.generatedAt;
  wb.modified = o.generatedAt;
  addSummarySheet(wb, rows, o);
  addDataSheet(wb, columns, rows, o);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
