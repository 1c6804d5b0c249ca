import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallArgs, CallResult } from '../../src-shared/contract/calls';
import { o2rRig, type O2RRig } from '../helpers/o2r-rig';

/**
 * Exports read back with the same libraries equal the store: CSV (UTF-8 with a BOM, money in
 * cents) and .xlsx (typed cells, a Summary sheet with totals by stage, country and owner), for
 * the deals and the O2R opportunities, with the screens' filters applied.
 */
describe('exports round trip', () => {
  let r: O2RRig;
  beforeAll(async () => {
    r = await o2rRig({ deals: 120, seed: 8 });
  });
  afterAll(async () => r?.close());

  type Download = Extract<CallResult<'export.create'>, { delivery: 'download' }>;
  const download = async (args: CallArgs<'export.create'>) => {
    const res = await r.call('export.create', args);
    expect(res.delivery).toBe('download');
    return { ...(res as Download), bytes: Buffer.from((res as Download).data, 'base64') };
  };
  const storeDeals = (where = '1') =>
    r.core.ctx.store.sqlite
      .prepare(`SELECT * FROM deals WHERE ${where} ORDER BY closing_date IS NULL, closing_date, id`)
      .all() as Record<string, unknown>[];
  const cents = (v: unknown) => (typeof v === 'number' ? Math.round(v * 100) / 100 : v);

  it('deals as CSV: BOM, header of keys, every value equal to the store (money in cents)', async () => {
    const file = await download({ what: 'deals', format: 'csv' });
    expect(file.fileName).toMatch(/^deals-\d{4}-\d{2}-\d{2}\.csv$/);
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = Papa.parse<Record<string, string>>(file.bytes.toString('utf8').slice(1), {
      header: true,
      skipEmptyLines: true,
    });
    const want = storeDeals();
    expect(parsed.data).toHaveLength(want.length);
    parsed.data.forEach((row, i) => {
      const d = want[i];
      expect(row.id).toBe(d.id);
      expect(row.name).toBe(d.name);
      expect(row.stage).toBe(d.stage ?? '');
      expect(row.closingDate).toBe(d.closing_date ?? '');
      expect(row.amount === '' ? null : Number(row.amount)).toBe(cents(d.amount));
      expect(row.amountHome === '' ? null : Number(row.amountHome)).toBe(cents(d.amount_home));
      expect(row.poDate).toBe(d.po_date ?? '');
      expect(row.country).toBe(d.country ?? '');
    });
    expect(file.rows).toBe(want.length);
  });

  it('deals as .xlsx: typed cells equal to the store, and a Summary with totals by stage, country and owner', async () => {
    const file = await download({ what: 'deals', format: 'xlsx' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Deals']);
    const sheet = wb.getWorksheet('Deals')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const col = (label: string) => header.indexOf(label) + 1;
    expect(header).toEqual(
      expect.arrayContaining(['Record Id', 'Deal Name', 'Amount', 'Amount (SGD)', 'Closing Date', 'PO received']),
    );
    const want = storeDeals();
    expect(sheet.rowCount).toBe(want.length + 1);
    want.forEach((d, i) => {
      const row = sheet.getRow(i + 2);
      expect(row.getCell(col('Record Id')).value).toBe(d.id);
      const closing = row.getCell(col('Closing Date'));
      expect(closing.value).toBeInstanceOf(Date);
      expect((closing.value as Date).toISOString().slice(0, 10)).toBe(d.closing_date);
      expect(closing.numFmt).toBe('yyyy-mm-dd');
      const home = row.getCell(col('Amount (SGD)'));
      expect(home.value).toBe(cents(d.amount_home));
      expect(home.numFmt).toBe('#,##0.00 "SGD"');
      const amount = row.getCell(col('Amount'));
      expect(amount.value).toBe(cents(d.amount));
      expect(amount.numFmt).toBe(`#,##0.00 "${String(d.currency)}"`);
      expect(row.getCell(col('Probability (%)')).value).toBe(d.probability);
      const po = row.getCell(col('PO received')).value;
      expect(po === null ? null : (po as Date).toISOString().slice(0, 10)).toBe(d.po_date);
    });

    const summary = wb.getWorksheet('Summary')!;
    const texts = summary.getColumn(1).values as unknown[];
    for (const title of ['By stage', 'By country', 'By owner']) expect(texts).toContain(title);
    // Under "By stage": one row per stage with its count and home total, then the total.
    const start = texts.indexOf('By stage') + 2;
    const byStage = new Map<string, { n: number; home: number }>();
    for (const d of want) {
      const b = byStage.get(d.stage as string) ?? { n: 0, home: 0 };
      b.n++;
      b.home += (cents(d.amount_home) as number | null) ?? 0; // the rows are in cents; so are their sums
      byStage.set(d.stage as string, b);
    }
    for (let i = start; summary.getRow(i).getCell(1).value !== 'Total'; i++) {
      const row = summary.getRow(i);
      const b = byStage.get(row.getCell(1).value as string)!;
      expect(row.getCell(2).value).toBe(b.n);
      expect(row.getCell(3).value).toBeCloseTo(b.home, 2);
      expect(row.getCell(3).numFmt).toBe('#,##0.00 "SGD"');
    }
  });

  it("applies the screens' filters: Deals search, O2R health", async () => {
    const someone = storeDeals()[0].owner_name as string;
    const csv = await download({ what: 'deals', format: 'csv', filter: { search: someone } });
    const rows = Papa.parse<Record<string, string>>(csv.bytes.toString('utf8').slice(1), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(rows.length).toBe(
      storeDeals(
        `owner_name = '${someone.replace(/'/g, "''")}' OR name LIKE '%${someone}%' OR account_name LIKE '%${someone}%'`,
      ).length,
    );
    expect(rows.every((x) => x.ownerName === someone || x.name.includes(someone))).toBe(true);

    const red = await r.call('o2r.list', { health: ['RED'], limit: 1000 });
    expect(red.total).toBeGreaterThan(0);
    const xlsx = await download({ what: 'opportunities', format: 'xlsx', filter: { health: ['RED'] } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Opportunities')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const ids = [];
    for (let i = 2; i <= sheet.rowCount; i++) ids.push(sheet.getRow(i).getCell(header.indexOf('Record Id') + 1).value);
    expect(ids.sort()).toEqual(red.rows.map((x) => x.id).sort());
    const health = sheet.getRow(2).getCell(header.indexOf('Health') + 1).value;
    expect(health).toBe('RED');
    expect(typeof sheet.getRow(2).getCell(header.indexOf('Phase') + 1).value).toBe('number');
    expect(typeof sheet.getRow(2).getCell(header.indexOf('Requires attention') + 1).value).toBe('boolean');
  });
});
