import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core/core';
import { tempDir } from '../helpers/temp-dir';
import { sandboxDeals, zohoExportText } from '../helpers/zoho-export';
import { importViaApi, profileCore, workspaceDeals, workspaceDir } from '../helpers/import';

/**
 * A 50 MB export, made on the fly in a temp folder (long descriptions make the size with ~20,000
 * rows, so the test stays quick; speed at 100,000 rows is the benchmark's job). The app's path
 * reports progress while checking. The notes column is left out in the mapping step, so the
 * store is not filled with 50 MB of notes (the size is about reading the file).
 */
describe('a 50 MB export', () => {
  let core: Core | undefined;
  afterEach(async () => core?.close());

  function bigExport(): { file: string; rows: number } {
    const deals = sandboxDeals(20_000);
    const filler = 'Notes from the account review, with "quotes", commas; and a line break\n'.repeat(34);
    const text = zohoExportText(deals, { dates: 'dmy', grouped: true, descriptions: false });
    // Description is the last column: fill it on every row.
    const withNotes = text
      .split('\r\n')
      .map((line, i) => (i === 0 ? line : `${line}"${filler.replace(/"/g, '""')}"`))
      .join('\r\n');
    const dir = tempDir('pulse-50mb-');
    const file = path.join(dir, 'Deals_2026_05_06.csv');
    fs.writeFileSync(file, '\uFEFF' + withNotes);
    return { file, rows: deals.length };
  }

  it('imports every row through the wizard, with progress', async () => {
    const { file, rows } = bigExport();
    const size = fs.statSync(file).size;
    expect(size).toBeGreaterThan(50 * 1024 * 1024);
    core = profileCore();
    const shares: number[] = [];
    core.ctx.events.subscribe((name, payload) => {
      if (name === 'import.progress') shares.push((payload as { share: number }).share);
    });
    const r = await importViaApi(core, fs.readFileSync(file), { mapping: { Description: 'ignore' } });
    expect(r.error).toBeNull();
    expect(r.run).toMatchObject({ added: rows, total: rows });
    expect(shares.length).toBeGreaterThan(3);
    expect(shares.at(-1)).toBe(1);
    expect((await workspaceDeals(workspaceDir(core))).size).toBe(rows);
  }, 120_000);
});
