import type { Migration } from './types';

/**
 * Moves each deal's raw CRM record (≈ 0.8 KB of JSON) out of `deals` into its own table. The
 * dashboard, O2R and snapshot queries scan `deals`; with the JSON inline those scans walked
 * ~150 MB for 100k deals, without it they walk a fifth of that (dashboard query: ~750 ms → a few
 * ms), and index builds after a first full sync sort a fifth as much. The raw record is still
 * kept, one row per deal, and goes with its deal (ON DELETE CASCADE).
 *
 * Also a covering index for the dashboard's aggregate: stage first, so GROUP BY stage walks the
 * index in order (no temporary B-tree), then every column it filters on and sums, so the query
 * never touches the table. The query keeps its terms off the other indexes (`+column`), so the
 * planner picks this one without ANALYZE, and never names it: a first sync may drop it for a while.
 * It also serves every lookup by stage, so the single-column `deals_stage` index goes: one index
 * less to maintain on every write and to build after a first full sync.
 */
export const m005DealRaw: Migration = {
  version: 5,
  name: 'deal-raw',
  up(db) {
    db.exec(`
      CREATE TABLE deal_raw (
        id  TEXT PRIMARY KEY REFERENCES deals(id) ON DELETE CASCADE,
        raw TEXT NOT NULL
      ) STRICT;
      INSERT INTO deal_raw (id, raw) SELECT id, raw FROM deals;
      ALTER TABLE deals DROP COLUMN raw;
      CREATE INDEX deals_dashboard ON deals(stage, closing_date, probability, amount_home, amount, owner_name, country);
      DROP INDEX deals_stage;
    `);
  },
};
