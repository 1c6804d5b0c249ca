import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core/core';
import type { DealRecord } from '../../src-main/sandbox/index';
import { sandboxDeals, zohoExportText } from '../helpers/zoho-export';
import { importViaApi, profileCore, workspaceDeals, workspaceDir } from '../helpers/import';

/**
 * Broken files import nothing (all or nothing per file) and name every bad line with its reason.
 * Each case first imports a good export, then the broken one into the same workspace: the
 * workspace must still hold exactly the good import.
 */
describe('broken exports', () => {
  let core: Core | undefined;
  let deals: DealRecord[];
  beforeAll(() => {
    deals = sandboxDeals(60);
  });
  afterEach(async () => {
    await core?.close();
    core = undefined;
  });

  async function afterGoodImport(): Promise<Map<string, Record<string, unknown>>> {
    core = profileCore();
    const good = await importViaApi(core, Buffer.from(plain()));
    expect(good.run?.total).toBe(60);
    return workspaceDeals(workspaceDir(core));
  }

  /** Replaces line `n` (1-based, header = 1) of the export; each deal is one line here (no Description). */
  function withLine(text: string, n: number, edit: (line: string) => string): string {
    const lines = text.split('\r\n');
    lines[n - 1] = edit(lines[n - 1]);
    return lines.join('\r\n');
  }

  const plain = () => zohoExportText(deals, { dates: 'dmy', descriptions: false });

  it('refuses a file without a required column, names it, and takes it once mapped', async () => {
    const before = await afterGoodImport();
    const text = plain().replace('Closing Date', 'Close on');
    const r = await importViaApi(core!, Buffer.from(text));
    // "Close on" means nothing known, so the mapping step offers it as an extra column…
    expect(r.analysis.mapping['Close on']).toBe('extra');
    expect(r.error?.name).toBe('ImportFileError');
    expect(r.error?.message).toMatch(/The file has no "Closing Date" column \(columns found: Record Id, .*Close on/);
    expect(await workspaceDeals(workspaceDir(core!))).toEqual(before);
    // …and once the user maps it, the same file imports.
    const mapped = await importViaApi(core!, Buffer.from(text), { mapping: { 'Close on': 'closingDate' } });
    expect(mapped.run).toMatchObject({ total: 60, unchanged: 60 });
  });

  it('reports an impossible date, a bad number and a bad probability by line, and imports nothing', async () => {
    const before = await afterGoodImport();
    let text = plain();
    text = withLine(text, 5, (l) => l.replace(/,\d{2}\/\d{2}\/\d{4},/, ',31/02/2026,'));
    text = withLine(text, 9, (l) => l.replace(/,(\d+),(USD|SGD|MYR|IDR|PHP|THB|VND|INR|EUR)/, ',12x00,$2'));
    text = withLine(text, 12, (l) =>
      l.replace(/,(\d{1,3}),(\d+(\.\d+)?)?,(New Business|Existing Business)/, ',150,$2,$4'),
    );
    const r = await importViaApi(core!, Buffer.from(text));
    expect(r.check.badRows).toBe(3);
    expect(r.check.problems.map((p) => p.line)).toEqual([5, 9, 12]);
    expect(r.check.problems[0].reason).toMatch(/Closing Date: "31\/02\/2026" is not a date/);
    expect(r.check.problems[1].reason).toMatch(/Amount: "12x00" is not a number/);
    expect(r.check.problems[2].reason).toMatch(/Probability \(%\): 150 is not between 0 and 100/);
    expect(r.check.diff).toBeNull();
    expect(r.error?.name).toBe('ImportRowsError');
    expect(r.error?.message).toMatch(/Nothing was imported: 3 rows have a problem \(line 5: /);
    expect(await workspaceDeals(workspaceDir(core!))).toEqual(before);
  });

  it('reports a truncated file (cut inside a quoted value) at the line where the cut row starts', async () => {
    const before = await afterGoodImport();
    const full = zohoExportText(deals, { dates: 'dmy' });
    const cut = full.slice(0, full.lastIndexOf('Called "') + 20);
    const r = await importViaApi(core!, Buffer.from(cut));
    expect(r.check.badRows).toBe(1);
    const line = cut.slice(0, cut.lastIndexOf('\r\nzcrm_')).split('\n').length + 1;
    expect(r.check.problems[0]).toMatchObject({
      line,
      reason: expect.stringMatching(/never closed \(is the file cut short\?\)/),
    });
    expect(await workspaceDeals(workspaceDir(core!))).toEqual(before);
  });

  it('reports a row with missing values (a file cut at a line end) and a duplicated record id', async () => {
    const before = await afterGoodImport();
    let text = plain();
    text = withLine(text, 7, (l) => l.split(',').slice(0, 10).join(','));
    text = withLine(text, 20, () => plain().split('\r\n')[2]);
    const r = await importViaApi(core!, Buffer.from(text));
    expect(r.check.problems).toEqual([
      { line: 7, column: null, reason: expect.stringMatching(/has 10 values where the header has 27 columns/) },
      { line: 20, column: null, reason: expect.stringMatching(/Record Id \d+ appears twice \(also on line 3\)/) },
    ]);
    expect(await workspaceDeals(workspaceDir(core!))).toEqual(before);
  });

  it('refuses an empty file and a file with only a header, saying so', async () => {
    await afterGoodImport();
    for (const [bytes, message] of [
      [Buffer.alloc(0), /The file is empty/],
      [Buffer.from('\uFEFF\r\n\r\n'), /The file is empty|no header/],
      [Buffer.from(plain().split('\r\n')[0] + '\r\n'), /a header but no deals/],
    ] as const) {
      const { uploadId } = await core!
        .dispatch('import.begin', { fileName: 'x.csv', size: bytes.length })
        .then((o) => (o.ok ? (o.result as { uploadId: string }) : { uploadId: '' }));
      if (bytes.length) await core!.dispatch('import.chunk', { uploadId, offset: 0, data: bytes.toString('base64') });
      const outcome = await core!.dispatch('import.analyze', { uploadId });
      const error = outcome.ok
        ? await core!.dispatch('import.check', {
            uploadId,
            mapping: (outcome.result as { mapping: Record<string, string> }).mapping,
            dateOrder: 'dmy',
            workspace: 'Zoho CSV import',
          })
        : outcome;
      expect(error.ok).toBe(false);
      if (!error.ok) expect(error.error.message).toMatch(message);
    }
  });
});
