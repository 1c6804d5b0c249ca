import { O2RService } from '../../core/o2r-store/o2r-service';
import { storeWithDeals } from '../deal-fixture';
import type { Measurement } from '../types';

const N = 100_000;

/**
 * The O2R phase board's data call (o2r.board) over 100,000 opportunities: every phase counted and
 * totalled, each column's 20 largest computed in full — what the screen asks when it opens as a
 * board, and after a filter (open and RED or YELLOW, searched). The cache is warm, as in the app.
 */
export const boardQuery: Measurement = {
  id: 'board',
  rows: ['Phase board, 100,000 opportunities', 'Phase board, 100,000 (filtered and searched)'],
  runs: 5,
  metrics: [{ key: 'ms', label: 'time', unit: 'ms' }],
  targets: [{ metric: 'ms', kind: 'max', limit: 200, label: '< 200 ms' }],
  async run(log) {
    const fixture = await storeWithDeals(N);
    const o2r = new O2RService({ sqlite: fixture.store.sqlite, api: () => null });
    try {
      o2r.list({ includeClosedLost: false, sort: 'health', descending: false, limit: 50, offset: 0 }); // warm
      const time = (ask: () => unknown) => {
        const t0 = performance.now();
        ask();
        return performance.now() - t0;
      };
      const all = time(() => o2r.board({ includeClosedLost: false, limit: 20 }));
      const filtered = time(() =>
        o2r.board({ includeClosedLost: false, health: ['RED', 'YELLOW'], search: 'a', limit: 20, limits: { 2: 40 } }),
      );
      log(`  board: ${all.toFixed(0)} ms, ${filtered.toFixed(0)} ms filtered`);
      return [
        { name: this.rows[0], values: { ms: all } },
        { name: this.rows[1], values: { ms: filtered } },
      ];
    } finally {
      o2r.close();
      await fixture.dispose();
    }
  },
};
