import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core/core';
import type { DealRecord } from '../../src-main/sandbox/index';
import { rig, type Rig } from '../helpers/sync-rig';
import { zohoExportBytes, type ExportOptions } from '../helpers/zoho-export';
import { importViaApi, profileCore, typedDeals, workspaceDeals, workspaceDir } from '../helpers/import';

/**
 * Good exports import exactly: a sandbox's deals are synced into one store (the real sync) and
 * exported as Zoho does into a CSV; importing that CSV gives the same typed columns — names,
 * stages, amounts and home amounts, currencies and rates, closing and milestone dates, territory,
 * country, service lines — for every deal.
 */
describe('importing a Zoho Deals export', () => {
  let r: Rig | undefined;
  let core: Core | undefined;
  afterEach(async () => {
    await core?.close();
    await r?.close();
    core = r = undefined;
  });

  async function syncedAndImported(opts: ExportOptions, dateOrder?: 'dmy' | 'mdy', mutate?: (d: DealRecord[]) => void) {
    r = await rig({ deals: 300, seed: 11 });
    const run = await r.engine.run('full', 'manual');
    expect(run.status).toBe('ok');
    const deals = r.sb.dumpDeals();
    mutate?.(deals);
    core = profileCore();
    const result = await importViaApi(core, zohoExportBytes(deals, opts), { dateOrder });
    return { result, deals, synced: typedDeals(r.store.sqlite) };
  }

  const cases: [string, ExportOptions, ('dmy' | 'mdy')?][] = [
    ['UTF-8 with BOM, ISO dates', { dates: 'iso', bom: true }],
    ['UTF-8 without BOM, dd/MM/yyyy, amounts with thousands separators', { dates: 'dmy', bom: false, grouped: true }],
    ['MM/dd/yyyy (the user chose month first)', { dates: 'mdy' }, 'mdy'],
    [
      '";"-separated Windows-1252 from European Excel, dd-MM-yyyy, decimal commas',
      { delimiter: ';', encoding: 'windows-1252', dates: 'dmy-dash', grouped: true },
    ],
    ['dd/MM/yy, as Excel re-saves an export (two-digit years: 00–69 are 20xx)', { dates: 'dmy-short' }, 'dmy'],
  ];

  for (const [label, opts, order] of cases) {
    it(`imports exactly what a sync stores: ${label}`, async () => {
      const { result, synced } = await syncedAndImported(opts, order);
      expect(result.error).toBeNull();
      expect(result.check.badRows).toBe(0);
      expect(result.run).toMatchObject({ added: 300, changed: 0, removed: 0, total: 300 });
      const imported = await workspaceDeals(workspaceDir(core!));
      expect(imported.size).toBe(300);
      const differences: string[] = [];
      for (const [id, want] of synced) {
        const have = imported.get(id);
        for (const [k, v] of Object.entries(want))
          if (have?.[k] !== v && differences.length < 5)
            differences.push(`${id}.${k}: ${String(have?.[k])} ≠ ${String(v)}`);
      }
      expect(differences).toEqual([]);
    });
  }

  it('reads quoted values with commas, quotes, line breaks and accents (Windows-1252)', async () => {
    const { result } = await syncedAndImported({ encoding: 'windows-1252' }, undefined, (deals) => {
      deals[0].Deal_Name = 'Café "Société", Phase 2\nRenewal';
      deals[0].Account_Name = { name: 'Müller & Søn, Ltd', id: '1' };
    });
    expect(result.analysis.encoding).toBe('windows-1252');
    expect(result.run?.total).toBe(300);
    const first = [...(await workspaceDeals(workspaceDir(core!))).values()].find((d) =>
      String(d.name).startsWith('Café'),
    );
    expect(first).toMatchObject({ name: 'Café "Société", Phase 2\nRenewal', account_name: 'Müller & Søn, Ltd' });
  });

  it("recognises Zoho's headers and the original tool's aliases, and guesses the milestone columns", async () => {
    r = await rig({ deals: 20, seed: 3 });
    core = profileCore();
    const text = zohoExportBytes(r.sb.dumpDeals(), {})
      .toString('utf8')
      .replace('Deal Name', 'Opportunity Name')
      .replace('Amount', 'OCH Revenue');
    const { analysis, run } = await importViaApi(core, Buffer.from(text));
    expect(analysis.mapping).toMatchObject({
      'Record Id': 'id',
      'Opportunity Name': 'name',
      'OCH Revenue': 'amount',
      'Probability (%)': 'probability',
      'Closing Date': 'closingDate',
      'Exchange Rate': 'exchangeRate',
      'Deal Owner': 'ownerName',
      'Account Name': 'accountName',
      Country: 'country',
      Stage: 'stage',
      Currency: 'currency',
      'Proposal Submission date': 'proposal',
      'PO Generation Date': 'po',
      'Kick-off Date': 'kickoff',
      'Invoice Date': 'invoice',
      'Payment Received Date': 'payment',
      'OB Recognition Date': 'revenue',
      Region: 'territory',
      'Solution Type': 'serviceLine',
      Description: 'extra',
    });
    expect(run?.total).toBe(20);
  });

  it('shows a preview of the first rows and what would change, and writes nothing before run', async () => {
    r = await rig({ deals: 40, seed: 5 });
    core = profileCore();
    const { check } = await importViaApi(core, zohoExportBytes(r.sb.dumpDeals(), { dates: 'dmy' }), { run: false });
    expect(check.preview).toHaveLength(10);
    expect(check.preview[0]).toMatchObject({
      line: 2,
      id: r.sb.dumpDeals()[0].id,
      name: r.sb.dumpDeals()[0].Deal_Name,
    });
    expect(check.diff).toEqual({ added: 40, changed: 0, unchanged: 0, removed: 0, before: 0 });
    expect(core.ctx.workspaces.imports()).toEqual([]);
  });

  it('says how two-digit years are read, and previews the full dates', async () => {
    r = await rig({ deals: 40, seed: 5 });
    core = profileCore();
    const deals = r.sb.dumpDeals();
    const { check } = await importViaApi(core, zohoExportBytes(deals, { dates: 'dmy-short' }), { run: false });
    expect(check.badRows).toBe(0);
    expect(check.warnings).toContainEqual(expect.stringMatching(/two-digit years .* 00–69 are read as 2000–2069/));
    expect(check.preview[0].closingDate).toBe(deals[0].Closing_Date);
    expect(check.preview[0].closingDate).toMatch(/^20\d\d-/);
  });
});
