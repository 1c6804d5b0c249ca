import { sql } from 'kysely';
import type { Database } from 'better-sqlite3';
import type { DashboardFilter, DashboardSummary } from '../../../src-shared/contract/schemas';
import { allRows, sqlBuilder } from '../store/sql-builder';
import { whereDealFilter } from './deal-filters';

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

/**
 * Headline numbers for the dashboard from ONE grouped pass over the covering index
 * `deals_dashboard` when it exists (stage order, so no sort; deal-filters.ts): per stage, count and
 * sums; open/closed is decided per stage here, not per row in SQL, which keeps the query a plain
 * index scan. Deals without a home-currency amount are counted apart, never summed as if converted.
 */
export function dashboardSummary(
  sqlite: Database,
  homeCurrency: string,
  filter: DashboardFilter = {},
): DashboardSummary {
  const rows = allRows(sqlite, summaryQuery(filter));
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
