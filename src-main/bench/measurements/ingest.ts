import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SETTINGS } from '../../../src-shared/contract/schemas';
import { CurrencyRepo } from '../../core/currency/currency-repo';
import { openStore } from '../../core/store/open-store';
import { dropDealIndexes, fastWrites, restoreIndexes } from '../../core/sync/bulk-load';
import { buildFieldSet } from '../../core/sync/field-set';
import { Ingestor } from '../../core/sync/ingest';
import { guessMapping } from '../../core/sync/mapping-guess';
import { normalizeRecord } from '../../core/sync/normalize';
import { generateDeals } from '../../sandbox/index';
import { FIELD_DEFS } from '../../sandbox/metadata';
import type { Measurement } from '../types';

const N = 100_000;

/**
 * Writing 100,000 normalized deals into an empty store, in pages of 2,000, the way a first full
 * sync does (indexes built once at the end). Generation and normalization are not timed.
 */
export const ingest: Measurement = {
  id: 'ingest',
  rows: ['ingest 100,000 deals, empty store'],
  runs: 3,
  metrics: [
    { key: 'ms', label: 'time', unit: 'ms' },
    { key: 'perSec', label: 'deals/s', unit: '' },
  ],
  targets: [{ metric: 'ms', kind: 'max', limit: 3000, label: '< 3 s' }],
  async run(log) {
    const fields = FIELD_DEFS.Deals.map((f) => ({ apiName: f.api, label: f.label, dataType: f.type, custom: Boolean(f.custom) }));
    const mapping = guessMapping(fields);
    const fs0 = buildFieldSet(fields, mapping);
    const records = generateDeals({ count: N, seed: 5, nowMs: Date.now() }).map((d) => normalizeRecord(d, fs0, false));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-bench-'));
    const store = openStore(dir);
    try {
      const ingestor = new Ingestor(store.sqlite, mapping, new CurrencyRepo(store.sqlite).rateTable(DEFAULT_SETTINGS.homeCurrency));
      const t0 = performance.now();
      const restore = fastWrites(store.sqlite);
      const dropped = dropDealIndexes(store.sqlite);
      for (let i = 0; i < N; i += 2000) ingestor.page(records.slice(i, i + 2000), 1);
      restoreIndexes(store.sqlite, dropped);
      restore();
      const ms = performance.now() - t0;
      log(`  ingest: ${ms.toFixed(0)} ms`);
      return [{ name: this.rows[0], values: { ms, perSec: (N / ms) * 1000 } }];
    } finally {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
