/**
 * Where a first sync's deals land in the data file. The O2R full pass and the Dashboard read the
 * whole deals table; the morning after a reboot nothing of the file is in the OS cache, and each
 * page the read does not find next to the one before costs a read of its own. Rows written one
 * deal then one raw record left every deals page between two deal_raw pages: at 1,000,000 deals
 * that cold pass took ~8.2 s on the 2-core machine, ~4.1–4.7 s with each page's deals written
 * before its raw records (ARCHITECTURE.md, "Deals table on disk"; `npm run bench -- --only scale`
 * measures it). Real SQLite file; dbstat tells where each page is.
 */
import { afterEach, expect, it } from 'vitest';
import { normalizedDeals } from '../../src-main/bench/deal-fixture';
import { DEFAULT_SETTINGS } from '../../src-shared/contract/schemas';
import { CurrencyRepo } from '../../src-main/core/currency/currency-repo';
import { openStore, type Store } from '../../src-main/core/store/open-store';
import { dropDealIndexes, restoreIndexes } from '../../src-main/core/sync/bulk-load';
import { Ingestor } from '../../src-main/core/sync/ingest';
import { tempDir } from '../helpers/temp-dir';

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

/** Share of a table's leaf pages (in key order) that sit right after the previous one in the file. */
function leavesInRuns(s: Store, table: string): number {
  const pages = s.sqlite
    .prepare(`SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY path`)
    .pluck()
    .all(table) as number[];
  let next = 0;
  for (let i = 1; i < pages.length; i++) if (pages[i] === pages[i - 1] + 1) next++;
  return next / (pages.length - 1);
}

it("a first sync's pages leave the deals table in runs of pages in the file, not one page between raw records", () => {
  store = openStore(tempDir('pulse-layout-'));
  const { records, mapping } = normalizedDeals(12_000, 3);
  const ingest = new Ingestor(
    store.sqlite,
    mapping,
    new CurrencyRepo(store.sqlite).rateTable(DEFAULT_SETTINGS.homeCurrency),
  );
  // As a first sync into an empty cache stores them: 500 rows a transaction (Bulk Read), the
  // secondary indexes dropped for the load and built at the end.
  const dropped = dropDealIndexes(store.sqlite);
  for (let i = 0; i < records.length; i += 500) ingest.page(records.slice(i, i + 500), 1);
  restoreIndexes(store.sqlite, dropped);
  expect(store.sqlite.prepare('SELECT count(*) FROM deals').pluck().get()).toBe(12_000);
  const deals = leavesInRuns(store, 'deals');
  const raw = leavesInRuns(store, 'deal_raw');
  // Written alternately, almost no deals leaf followed another (0.00 of them; 0.88 at 1,000,000).
  expect(deals).toBeGreaterThan(0.7);
  expect(raw).toBeGreaterThan(0.7);
});
