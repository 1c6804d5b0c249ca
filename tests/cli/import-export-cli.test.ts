import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runPulse } from '../helpers/pulse-process';
import { tempDir } from '../helpers/temp-dir';
import { sandboxDeals, zohoExportText } from '../helpers/zoho-export';

/** `pulse import` and `pulse export` as a user types them (real processes, real files). */
describe('pulse import / pulse export', () => {
  const deals = sandboxDeals(80, 12);

  it('imports an export into a named workspace, re-imports a newer one, and exports it as .xlsx and CSV', async () => {
    const dir = tempDir('pulse-cli-io-');
    const file = path.join(dir, 'Deals_2026_05.csv');
    fs.writeFileSync(file, '\uFEFF' + zohoExportText(deals, { dates: 'mdy' }));
    const first = await runPulse([
      'import',
      file,
      '--data-dir',
      dir,
      '--workspace',
      'May export',
      '--date-order',
      'mdy',
    ]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/80 rows, UTF-8 \(BOM\), ","-separated, dates month first/);
    expect(first.stdout).toMatch(
      /Imported 80 deals into workspace "May export" \(.*workspaces\/may-export\): 80 added, 0 changed, 0 removed/,
    );

    const newer = deals.slice(5).map((d, i) => (i < 3 ? { ...d, Stage: 'Closed Lost' } : d));
    fs.writeFileSync(file, '\uFEFF' + zohoExportText(newer, { dates: 'mdy' }));
    const dry = await runPulse(['import', file, '--data-dir', dir, '--workspace', 'may export', '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout);
    expect(plan).toMatchObject({ dryRun: true, removed: 5, added: 0 });
    const again = await runPulse(['import', file, '--data-dir', dir, '--workspace', 'may export', '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({
      workspace: 'May export',
      added: 0,
      changed: plan.changed,
      removed: 5,
      total: 75,
    });

    const out = path.join(dir, 'deals.xlsx');
    const x = await runPulse([
      'export',
      'deals',
      '--format',
      'xlsx',
      '--out',
      out,
      '--data-dir',
      dir,
      '--workspace',
      'May export',
    ]);
    expect(x.code, x.stderr).toBe(0);
    expect(x.stderr).toMatch(/Exported 75 deals to/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.getWorksheet('Deals')!.rowCount).toBe(76);
    const csv = await runPulse([
      'export',
      'opportunities',
      '--format',
      'csv',
      '--data-dir',
      dir,
      '--workspace',
      'May export',
    ]);
    expect(csv.stdout.startsWith('\uFEFFid,name,')).toBe(true);
    expect(csv.stdout.trim().split(/\r?\n/)).toHaveLength(76);
    // The profile's own (CRM) workspace has none of it.
    const crm = await runPulse(['export', 'deals', '--format', 'json', '--data-dir', dir]);
    expect(JSON.parse(crm.stdout)).toEqual([]);
  }, 240_000); // seven `pulse` processes: slow to start on a busy machine

  it('exits 1 naming each bad line, and 2 for bad arguments', async () => {
    const dir = tempDir('pulse-cli-io-');
    const file = path.join(dir, 'broken.csv');
    const lines = zohoExportText(deals, { dates: 'iso', descriptions: false }).split('\r\n');
    lines[3] = lines[3].replace(/,(\d+),([A-Z]{3}),/, ',1.2.3,$2,');
    fs.writeFileSync(file, lines.join('\r\n'));
    const bad = await runPulse(['import', file, '--data-dir', dir]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/line 4: Amount: "1\.2\.3" is not a number/);
    expect(bad.stderr).toMatch(/Nothing was imported: 1 row has a problem/);
    expect(fs.existsSync(path.join(dir, 'workspaces', 'zoho-csv-import'))).toBe(false);

    const missing = await runPulse(['import', path.join(dir, 'nope.csv'), '--data-dir', dir]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*nope\.csv: ENOENT/);
    expect((await runPulse(['import', file, '--map', 'Nope', '--data-dir', dir])).code).toBe(2);
    expect((await runPulse(['export', 'review', '--format', 'csv', '--data-dir', dir])).stderr).toMatch(
      /--format for review must be pdf/,
    );
    expect((await runPulse(['export', 'deals', '--workspace', 'Nope', '--data-dir', dir])).stderr).toMatch(
      /no workspace named "Nope"/,
    );
  }, 240_000);
});
