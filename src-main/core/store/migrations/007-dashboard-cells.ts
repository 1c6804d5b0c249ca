import type { Migration } from './types';

/** What one deal adds to its cell (`sign` 1) or takes away from it (-1), for the triggers below. */
const apply = (row: 'NEW' | 'OLD', sign: 1 | -1) => `
  INSERT INTO deal_dashboard_cells (cell, stage, closing_date, probability, n, home, weighted, unconverted)
  VALUES (
    quote(${row}.stage) || '|' || quote(${row}.closing_date) || '|' || quote(${row}.probability),
    ${row}.stage, ${row}.closing_date, ${row}.probability, ${sign},
    ${sign} * coalesce(${row}.amount_home, 0),
    ${sign} * coalesce(${row}.amount_home * coalesce(${row}.probability, 0) / 100.0, 0),
    ${sign} * (${row}.amount IS NOT NULL AND ${row}.amount_home IS NULL)
  )
  ON CONFLICT(cell) DO UPDATE SET
    n = n + excluded.n, home = home + excluded.home,
    weighted = weighted + excluded.weighted, unconverted = unconverted + excluded.unconverted;`;

/** Sums every cell from `deals` (into an empty table): the first fill, and again after a bulk load. */
export const FILL_DASHBOARD_CELLS = `
  INSERT INTO deal_dashboard_cells (cell, stage, closing_date, probability, n, home, weighted, unconverted)
    SELECT quote(stage) || '|' || quote(closing_date) || '|' || quote(probability),
           stage, closing_date, probability, count(*),
           total(amount_home), total(amount_home * coalesce(probability, 0) / 100.0),
           sum(amount IS NOT NULL AND amount_home IS NULL)
    FROM deals GROUP BY stage, closing_date, probability;`;

/** The columns a cell is keyed by or sums: a change to any other column leaves the cells alone. */
const CELL_COLUMNS = 'stage, closing_date, probability, amount, amount_home';

/**
 * The dashboard's headline figures pre-aggregated (docs/dashboard.md#summary): one row per
 * (stage, closing date, probability) with its deal count and sums — ~5,000 cells for 100,000
 * deals, ~10,000 for a million, since closing dates span a few years and a stage has one or two
 * probabilities. The dashboard summary for a filter on those columns (closing range, probability,
 * stage, open only) reads these cells instead of scanning every deal. Triggers on `deals` keep
 * them exact for every writer (sync, import, restore, tests); a cell whose count falls to zero
 * goes. A first sync's load into an empty cache drops the triggers with the indexes and sums the
 * cells afresh when it puts them back (sync/bulk-load.ts); meanwhile the summary reads the deals.
 */
export const m007DashboardCells: Migration = {
  version: 7,
  name: 'dashboard-cells',
  up(db) {
    db.exec(`
      CREATE TABLE deal_dashboard_cells (
        cell         TEXT PRIMARY KEY,
        stage        TEXT,
        closing_date TEXT,
        probability  REAL,
        n            INTEGER NOT NULL,
        home         REAL NOT NULL,
        weighted     REAL NOT NULL,
        unconverted  INTEGER NOT NULL
      ) STRICT;
      ${FILL_DASHBOARD_CELLS}
      CREATE TRIGGER deals_cells_insert AFTER INSERT ON deals BEGIN ${apply('NEW', 1)} END;
      CREATE TRIGGER deals_cells_delete AFTER DELETE ON deals BEGIN
        ${apply('OLD', -1)}
        DELETE FROM deal_dashboard_cells
          WHERE cell = quote(OLD.stage) || '|' || quote(OLD.closing_date) || '|' || quote(OLD.probability) AND n = 0;
      END;
      CREATE TRIGGER deals_cells_update AFTER UPDATE OF ${CELL_COLUMNS} ON deals BEGIN
        ${apply('OLD', -1)}
        ${apply('NEW', 1)}
        DELETE FROM deal_dashboard_cells
          WHERE cell = quote(OLD.stage) || '|' || quote(OLD.closing_date) || '|' || quote(OLD.probability) AND n = 0;
      END;
    `);
  },
};
