import { O2RService, localToday } from '../../core/o2r-store/o2r-service';
import { seedDemoHealthHistory } from '../../demo/demo-health-history';
import { storeWithDeals } from '../deal-fixture';
import type { Measurement } from '../types';

const N = 100_000;

/**
 * The Review screen's data call (o2r.review.get) over 100,000 opportunities with eight weeks of
 * health history: the week's review built from the opportunity cache, filtered, sorted and paged
 * on the main side, one page of 50 answered. The first ask follows a change (an edit: the review is
 * built again from the cache); then the screen's default (open opportunities, by movement) and a
 * search with another sort, served from the built review. The cache is warm, as in the running app.
 */
export const reviewQuery: Measurement = {
  id: 'review',
  rows: [
    'Review page after a change, 100,000 opportunities',
    'Review page, 100,000 (open, by movement)',
    'Review page, 100,000 (search, by name)',
  ],
  runs: 5,
  metrics: [{ key: 'ms', label: 'time', unit: 'ms' }],
  targets: [{ metric: 'ms', kind: 'max', limit: 200, label: '< 200 ms' }],
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
      const firstDeal = [...o2r.cache.all().keys()][0];
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
      log(
        `  review: ${afterChange.toFixed(0)} ms after a change, ${byMovement.toFixed(0)} ms by movement, ${search.toFixed(0)} ms searched by name (${written.toLocaleString('en-US')} history rows)`,
      );
      return [
        { name: this.rows[0], values: { ms: afterChange } },
        { name: this.rows[1], values: { ms: byMovement } },
        { name: this.rows[2], values: { ms: search } },
      ];
    } finally {
      o2r.close();
      await fixture.dispose();
    }
  },
};
