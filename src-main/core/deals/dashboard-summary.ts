import { sql } from 'kysely';
import type { Database } from 'better-sqlite3';
import type { DashboardFilter, DashboardSummary } from '../../../src-shared/contract/schemas';
import { dashboardCellsLive } from '../store/dashboard-cells';
import { allRows, sqlBuilder } from '../store/sql-builder';
import { localDay } from '../sync/snapshots';
import { filterClosingRange, whereDealFilter } from './deal-filters';

/** "Open" = not closed won/lost, judged by stage name (Zoho's stage names say so), like SQL LIKE. */
export function isOpenStage(stage: string | null): boolean {
  if (stage === null) return true;
  const s = stage.toLowerCase();
  return !s.startsWith('closed') && !s.includes('lost');
}

/** The dashboard's one grouped query for a filter (exported so a test can check its plan). */
export function summaryQuery(filter: DashboardFilter) {
  const q = sqlBuilder
    .selectFrom('deals')
    .select((eb) => [
      'stage',
      eb.fn.countAll<number>().as('n'),
      sql<number | null>`sum(amount_home)`.as('home'),
      sql<number | null>`sum(amount_home * coalesce(probability, 0) / 100.0)`.as('weighted'),
      sql<number>`sum(CASE WHEN amount IS NOT NULL AND amount_home IS NULL THEN 1 ELSE 0 END)`.as('unconverted'),
      eb.fn.max('probability').as('maxProbability'),
    ])
    .groupBy('stage');
  return whereDealFilter(q, filter);
}

/** Filter terms the pre-aggregated cells can answer: every other term needs the deals themselves. */
const CELL_TERMS = new Set([
  'closing',
  'closingFrom',
  'closingTo',
  'probabilityMin',
  'probabilityMax',
  'stage',
  'openOnly',
]);

/** Whether `filter` only uses terms on a cell's columns (stage, closing date, probability). */
export function cellsAnswer(filter: DashboardFilter): boolean {
  return Object.entries(filter).every(([k, v]) => v === undefined || CELL_TERMS.has(k));
}

/**
 * The same grouped figures read from `deal_dashboard_cells` (migration 007: sums per stage,
 * closing date and probability, kept by triggers): a few thousand cells instead of every deal.
 * The terms are whereDealFilter's for these columns; a test keeps the two paths equal.
 */
export function cellsQuery(filter: DashboardFilter, today = localDay()) {
  let q = sqlBuilder
    .selectFrom('deal_dashboard_cells')
    .select((eb) => [
      'stage',
      sql<number>`sum(n)`.as('n'),
      sql<number>`sum(home)`.as('home'),
      sql<number>`sum(weighted)`.as('weighted'),
      sql<number>`sum(unconverted)`.as('unconverted'),
      eb.fn.max('probability').as('maxProbability'),
    ])
    .groupBy('stage');
  const range = filterClosingRange(filter, today);
  if (range) q = q.where(sql<boolean>`date(closing_date) IS closing_date`);
  if (range?.from) q = q.where('closing_date', '>=', range.from);
  if (range?.to) q = q.where('closing_date', '<=', range.to);
  if (filter.probabilityMin !== undefined) q = q.where('probability', '>=', filter.probabilityMin);
  if (filter.probabilityMax !== undefined) q = q.where('probability', '<=', filter.probabilityMax);
  if (filter.stage) q = q.where('stage', '=', filter.stage);
  if (filter.openOnly)
    q = q.where(sql<boolean>`(stage IS NULL OR (stage NOT LIKE 'closed%' AND stage NOT LIKE '%lost%'))`);
  return q;
}

/**
 * Headline numbers for the dashboard from ONE grouped query: over the pre-aggregated cells when
 * the filter allows and they are live (not during a first sync's load; docs/dashboard.md#summary), else one pass over the covering index
 * `deals_dashboard` when it exists (stage order, so no sort; deal-filters.ts): per stage, count
 * and sums; open/closed is decided per stage here, not per row in SQL. Deals without a
 * home-currency amount are counted apart, never summed as if converted.
 */
export function dashboardSummary(
  sqlite: Database,
  homeCurrency: string,
  filter: DashboardFilter = {},
): DashboardSummary {
  const rows: {
    stage: string | null;
    n: number;
    home: number | null;
    weighted: number | null;
    unconverted: number;
    maxProbability: number | null;
  }[] =
    cellsAnswer(filter) && dashboardCellsLive(sqlite)
      ? allRows(sqlite, cellsQuery(filter))
      : allRows(sqlite, summaryQuery(filter));
  const summary: DashboardSummary = {
    homeCurrency,
    dealCount: 0,
    openCount: 0,
    pipelineHome: 0,
    weightedHome: 0,
    unconvertedCount: 0,
    byStage: [],
  };
  const open: typeof rows = [];
  for (const r of rows) {
    summary.dealCount += r.n;
    if (!isOpenStage(r.stage)) continue;
    open.push(r);
    summary.openCount += r.n;
    summary.pipelineHome += r.home ?? 0;
    summary.weightedHome += r.weighted ?? 0;
    summary.unconvertedCount += r.unconverted;
  }
  // Stages in pipeline order: by their probability, then by name.
  open.sort(
    (a, b) => (a.maxProbability ?? -1) - (b.maxProbability ?? -1) || String(a.stage).localeCompare(String(b.stage)),
  );
  summary.byStage = open.map((r) => ({ stage: r.stage ?? '(no stage)', count: r.n, amountHome: r.home ?? 0 }));
  return summary;
}
