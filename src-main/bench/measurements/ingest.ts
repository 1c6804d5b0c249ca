import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../core/store/open-store';
import { loadDeals, normalizedDeals } from '../deal-fixture';
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
    const { records, mapping } = normalizedDeals(N);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-bench-'));
    const store = openStore(dir);
    try {
      const t0 = performance.now();
      loadDeals(store, records, mapping);
      const ms = performance.now() - t0;
      log(`  ingest: ${ms.toFixed(0)} ms`);
      return [{ name: this.rows[0], values: { ms, perSec: (N / ms) * 1000 } }];
    } finally {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
