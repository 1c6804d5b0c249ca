import { afterEach, describe, expect, it } from 'vitest';
import { storeWithDeals } from '../../src-main/bench/deal-fixture';
import { cellsAnswer, dashboardSummary, summaryQuery } from '../../src-main/core/deals/dashboard-summary';
import { dashboardCellsLive } from '../../src-main/core/store/dashboard-cells';
import { allRows } from '../../src-main/core/store/sql-builder';
import { dropDealIndexes, restoreIndexes } from '../../src-main/core/sync/bulk-load';
import type { DashboardFilter, DashboardSummary } from '../../src-shared/contract/schemas';

/**
 * The dashboard summary read from the pre-aggregated cells (migration 007) must equal the same
 * query over every deal, for a generated org (the sandbox's generator, 5,000 deals) and for the
 * writes a delta sync, an import or a deletion make. `summaryQuery` is the deals scan the cells
 * replace; `dashboardSummary` picks the cells whenever the filter allows.
 */
const year = new Date().getFullYear();
const CELL_FILTERS: DashboardFilter[] = [
  {},
  { closingFrom: `${year}-01-01`, closingTo: `${year + 1}-12-31`, probabilityMin: 10, probabilityMax: 89 },
  { closing: 'thisQuarter' },
  { closing: 'nextQuarter', openOnly: true },
  { closingTo: `${year}-06-30` },
  { probabilityMin: 50 },
  { stage: 'Negotiation (80)', closingFrom: `${year}-03-01` },
  { openOnly: true },
];

/** The summary as the scan over `deals` computes it (what the app answered before the cells). */
function scanned(sqlite: Parameters<typeof dashboardSummary>[0], filter: DashboardFilter): DashboardSummary {
  const rows = allRows(sqlite, summaryQuery(filter));
  const s = dashboardSummary(sqlite, 'SGD', { ...filter, search: '' });
  // The search term '' selects nothing extra; it only sends the call down the scan path.
  expect(s.dealCount).toBe(rows.reduce((n, r) => n + r.n, 0));
  return s;
}

function expectSame(a: DashboardSummary, b: DashboardSummary) {
  expect(a.dealCount).toBe(b.dealCount);
  expect(a.openCount).toBe(b.openCount);
  expect(a.unconvertedCount).toBe(b.unconvertedCount);
  expect(a.pipelineHome).toBeCloseTo(b.pipelineHome, 2);
  expect(a.weightedHome).toBeCloseTo(b.weightedHome, 2);
  expect(a.byStage.map((s) => [s.stage, s.count])).toEqual(b.byStage.map((s) => [s.stage, s.count]));
  a.byStage.forEach((s, i) => expect(s.amountHome).toBeCloseTo(b.byStage[i].amountHome, 2));
}

describe('dashboard summary from the pre-aggregated cells', () => {
  let fixture: Awaited<ReturnType<typeof storeWithDeals>> | null = null;
  afterEach(async () => {
    await fixture?.dispose();
    fixture = null;
  });

  it('equals the scan over every deal for each filter the cells can answer', async () => {
    fixture = await storeWithDeals(5000);
    const db = fixture.store.sqlite;
    expect(dashboardCellsLive(db)).toBe(true);
    const cells = db.prepare('SELECT count(*) FROM deal_dashboard_cells').pluck().get() as number;
    expect(cells).toBeGreaterThan(0);
    expect(cells).toBeLessThan(5000);
    for (const filter of CELL_FILTERS) {
      expect(cellsAnswer(filter), JSON.stringify(filter)).toBe(true);
      const s = dashboardSummary(db, 'SGD', filter);
      expect(s.dealCount, JSON.stringify(filter)).toBeGreaterThan(0);
      expectSame(s, scanned(db, filter));
    }
    // Terms on other columns are answered from the deals.
    expect(cellsAnswer({ owner: 'Someone' })).toBe(false);
    expect(cellsAnswer({ search: 'x', closing: 'thisYear' })).toBe(false);
  });

  it('stays exact through updates, moves between cells, deletions and new deals', async () => {
    fixture = await storeWithDeals(3000);
    const db = fixture.store.sqlite;
    const ids = db.prepare('SELECT id FROM deals ORDER BY id LIMIT 400').pluck().all() as string[];
    db.transaction(() => {
      const move = db.prepare(
        "UPDATE deals SET stage = 'Closed Won', probability = 100, closing_date = ?, amount_home = amount_home * 2 WHERE id = ?",
      );
      ids.slice(0, 100).forEach((id, i) => move.run(`${year}-0${1 + (i % 9)}-15`, id));
      const unconvert = db.prepare('UPDATE deals SET amount_home = NULL WHERE id = ?');
      for (const id of ids.slice(100, 150)) unconvert.run(id);
      const bad = db.prepare("UPDATE deals SET closing_date = '2026-02-30' WHERE id = ?");
      for (const id of ids.slice(150, 160)) bad.run(id);
      const del = db.prepare('DELETE FROM deals WHERE id = ?');
      for (const id of ids.slice(200, 400)) del.run(id);
      db.prepare(
        `INSERT INTO deals (id, name, stage, probability, amount, amount_home, closing_date, synced_at)
         VALUES ('9', 'New', NULL, NULL, 10, 10, NULL, 'x')`,
      ).run();
    })();
    for (const filter of CELL_FILTERS) expectSame(dashboardSummary(db, 'SGD', filter), scanned(db, filter));
    // No cell is left behind for deals that are gone.
    expect(db.prepare('SELECT count(*) FROM deal_dashboard_cells WHERE n <= 0').pluck().get()).toBe(0);
    db.prepare('DELETE FROM deals').run();
    expect(db.prepare('SELECT count(*) FROM deal_dashboard_cells').pluck().get()).toBe(0);
  });

  it('during a first sync’s load (triggers dropped) reads the deals, and sums the cells afresh after', async () => {
    fixture = await storeWithDeals(2000);
    const db = fixture.store.sqlite;
    const filter = CELL_FILTERS[1];
    const dropped = dropDealIndexes(db);
    expect(dropped.map((d) => d.name)).toEqual(expect.arrayContaining(['deals_cells_insert', 'deals_dashboard']));
    expect(dashboardCellsLive(db)).toBe(false);
    db.prepare(
      "UPDATE deals SET amount_home = amount_home + 1000, stage = 'Negotiation (80)' WHERE rowid % 7 = 0",
    ).run();
    const during = dashboardSummary(db, 'SGD', filter);
    expectSame(during, scanned(db, filter));
    restoreIndexes(db, dropped);
    expect(dashboardCellsLive(db)).toBe(true);
    expectSame(dashboardSummary(db, 'SGD', filter), during);
  });
});
