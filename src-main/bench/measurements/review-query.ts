import { O2RService, localToday } from '../../core/o2r-store/o2r-service';
import { seedDemoHealthHistory } from '../../demo/demo-health-history';
import { storeWithDeals } from '../deal-fixture';
import type { Measurement } from '../types';

const N = 100_000;

/**
 * The Review screen's data call (o2r.review.get) over 100,000 opportunities with eight weeks of
 * health history: the week's review index (review-query.ts) walked on the main side, filtered,
 * sorted and paged, one page of 50 answered. The first ask follows a change (a comment: the index
 * recounts that deal); then the screen's default (open opportunities, by movement) and a search
 * with another sort. The cache is warm, as in the running app. Shown besides, without a target:
 * the first ask after a sync (which settles the sync first, then scans the index again from the
 * 100,000 briefs, as after a new day or new settings).
 */
export const reviewQuery: Measurement = {
  id: 'review',
  rows: [
    'Review page after a change, 100,000 opportunities',
    'Review page, 100,000 (open, by movement)',
    'Review page, 100,000 (search, by name)',
    'Review index after a sync (scanned again), 100,000',
  ],
  runs: 5,
  metrics: [{ key: 'ms', label: 'time', unit: 'ms' }],
  targets: [{ metric: 'ms', kind: 'max', limit: 200, label: '< 200 ms', row: 'Review page' }],
  async run(log) {
    const fixture = await storeWithDeals(N);
    const o2r = new O2RService({ sqlite: fixture.store.sqlite, api: () => null });
    try {
      const written = seedDemoHealthHistory(fixture.store.sqlite, o2r.getSettings(), localToday());
      o2r.reviewPage(undefined, 50, 0); // warm: the cache's first full pass, the JIT
      const time = (ask: () => unknown) => {
        const t0 = performance.now();
        ask();
        return performance.now() - t0;
      };
      const firstDeal = o2r.cache.all().keys().next().value!;
      const afterChange = time(() => {
        o2r.comment(firstDeal, 'bench: a change'); // any O2R change: the next call rebuilds the review
        o2r.reviewPage(undefined, 50, 0, { show: 'open', sort: 'movement', descending: false });
      });
      const byMovement = time(() =>
        o2r.reviewPage(undefined, 50, 0, { show: 'open', sort: 'movement', descending: false }),
      );
      const search = time(() =>
        o2r.reviewPage(undefined, 50, 100, { show: 'all', search: 'a', sort: 'name', descending: true }),
      );
      const rescan = time(() => {
        o2r.syncPagesCommitted(); // a sync wrote (nothing new here): the next read settles it, the index is scanned again
        o2r.reviewPage(undefined, 50, 0, { show: 'open', sort: 'movement', descending: false });
      });
      log(
        `  review: ${afterChange.toFixed(0)} ms after a change, ${byMovement.toFixed(0)} ms by movement, ${search.toFixed(0)} ms searched by name, ${rescan.toFixed(0)} ms scanned again (${written.toLocaleString('en-US')} history rows)`,
      );
      return [
        { name: this.rows[0], values: { ms: afterChange } },
        { name: this.rows[1], values: { ms: byMovement } },
        { name: this.rows[2], values: { ms: search } },
        { name: this.rows[3], values: { ms: rescan } },
      ];
    } finally {
      o2r.close();
      await fixture.dispose();
    }
  },
};
