import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkText } from '../../core/import/check-file';
import { ImportService } from '../../core/import/import-service';
import { SettingsRepo } from '../../core/settings/settings-repo';
import { openStore } from '../../core/store/open-store';
import { WorkspaceRegistry } from '../../core/workspaces/workspace-registry';
import { sandboxDeals, zohoExportBytes } from '../zoho-export-fixture';
import type { Measurement } from '../types';

const N = 100_000;

/**
 * `pulse import` of a 100,000-row Zoho Deals export (dd/MM/yyyy dates, amounts with thousands
 * separators, quoted descriptions with line breaks), from the file's bytes to the committed
 * workspace: decode, read, map, check every row, write. Making the file is not timed.
 */
export const csvImport: Measurement = {
  id: 'csv-import',
  rows: ['import a 100,000-row Zoho CSV export'],
  runs: 3,
  metrics: [
    { key: 'ms', label: 'time', unit: 'ms' },
    { key: 'mb', label: 'file', unit: 'MB' },
    { key: 'perSec', label: 'rows/s', unit: '' },
  ],
  targets: [{ metric: 'ms', kind: 'max', limit: 5000, label: '< 5 s' }],
  async run(log) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-bench-import-'));
    const file = path.join(dir, 'Deals_export.csv');
    fs.writeFileSync(file, zohoExportBytes(sandboxDeals(N), { dates: 'dmy', grouped: true }));
    const profile = openStore(dir);
    try {
      const t0 = performance.now();
      const service = new ImportService({
        registry: new WorkspaceRegistry(dir),
        current: { id: 'account', name: 'Zoho CRM', kind: 'account', dataDir: dir, lastImport: null },
        store: profile,
        settings: new SettingsRepo(profile.sqlite),
      });
      const { text, analysis } = await service.analyzeBytes(fs.readFileSync(file));
      const check = await checkText(text, {
        mapping: analysis.mapping,
        dateOrder: analysis.detectedDateOrder ?? 'dmy',
        delimiter: analysis.delimiter,
      });
      const tChecked = performance.now();
      const result = await service.commit(check, 'Deals_export.csv', 'Bench', {
        confirmRemovals: false,
        trigger: 'cli',
      });
      const ms = performance.now() - t0;
      if (result.added !== N) throw new Error(`imported ${result.added} of ${N}`);
      log(`  csv import: read+check ${(tChecked - t0).toFixed(0)} ms, write ${(ms - (tChecked - t0)).toFixed(0)} ms`);
      return [
        { name: this.rows[0], values: { ms, mb: fs.statSync(file).size / 1024 / 1024, perSec: (N / ms) * 1000 } },
      ];
    } finally {
      await profile.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
