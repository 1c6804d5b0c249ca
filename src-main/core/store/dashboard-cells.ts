import type { Database } from 'better-sqlite3';
import { FILL_DASHBOARD_CELLS } from './migrations/007-dashboard-cells';

/** The triggers on `deals` that keep `deal_dashboard_cells` (migration 007) exact. */
const CELL_TRIGGERS = ['deals_cells_insert', 'deals_cells_delete', 'deals_cells_update'];

/**
 * Whether the cells are live: their three triggers exist. A first full sync drops them for its
 * load into an empty cache (sync/bulk-load.ts) and sums the cells afresh when it puts them back;
 * in between, the dashboard reads the deals.
 */
export function dashboardCellsLive(sqlite: Database): boolean {
  const n = sqlite
    .prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'deals' AND name IN (?, ?, ?)")
    .pluck()
    .get(...CELL_TRIGGERS) as number;
  return n === CELL_TRIGGERS.length;
}

/** Sums every cell again from `deals` (migration 007's first fill). */
export function rebuildDashboardCells(sqlite: Database): void {
  sqlite.exec(`DELETE FROM deal_dashboard_cells; ${FILL_DASHBOARD_CELLS}`);
}
