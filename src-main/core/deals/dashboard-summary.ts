import type { Database } from 'better-sqlite3';
import type { DashboardFilter, DashboardSummary } from '../../../src-shared/contract/schemas';

/** "Open" = not closed won/lost, judged by stage name (Zoho's stage names say so), like SQL LIKE. */
export function isOpenStage(stage: string | null): boolean {
  if (stage === null) return true;
  const s = stage.toLowerCase();
  return !s.startsWith('closed') && !s.includes('lost');
}

/**
 * The WHERE clause and its parameters for a filter; every value is bound, never interpolated.
 * `+column` keeps a term off that column's own index (deals_closing_date, deals_owner): the
 * planner then walks the covering index deals_dashboard (stage order, so GROUP BY needs no sort)
 * whenever it exists, and the table itself when it does not — e.g. while a first full sync has
 * the indexes dropped for its bulk load. No query names an index a sync can drop.
 */
export function whereFor(f: DashboardFilter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    parts.push(sql);
    params.push(value);
  };
  if (f.closingFrom) add('+closing_date >= ?', f.closingFrom);
  if (f.closingTo) add('+closing_date <= ?', f.closingTo);
  if (f.probabilityMin !== undefined) add('probability >= ?', f.probabilityMin);
  if (f.probabilityMax !== undefined) add('probability <= ?', f.probabilityMax);
  if (f.owner) add('+owner_name = ?', f.owner);
  if (f.country) add('country = ?', f.country);
  if (f.stage) add('stage = ?', f.stage);
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

interface StageRow {
  stage: string | null;
  n: number;
  home: number | null;
  weighted: number | null;
  unconverted: number;
  maxProbability: number | null;
}

/** The dashboard's one grouped query for a filter (exported so a test can check its plan). */
export function summaryQuery(filter: DashboardFilter): { sql: string; params: unknown[] } {
  const where = whereFor(filter);
  return {
    sql: `SELECT stage, count(*) AS n, sum(amount_home) AS home,
              sum(amount_home * coalesce(probability, 0) / 100.0) AS weighted,
              sum(CASE WHEN amount IS NOT NULL AND amount_home IS NULL THEN 1 ELSE 0 END) AS unconverted,
              max(probability) AS maxProbability
         FROM deals ${where.sql} GROUP BY stage`,
    params: where.params,
  };
}

/**
 * Headline numbers for the dashboard from ONE grouped pass over the covering index
 * `deals_dashboard` when it exists (stage order, so no sort): per stage, count and sums; open/closed
 * is decided per stage here, not per row in SQL, which keeps the query a plain index scan.
 * Deals without a home-currency amount are counted apart, never summed as if already converted.
 */
export function dashboardSummary(
  sqlite: Database,
  homeCurrency: string,
  filter: DashboardFilter = {},
): DashboardSummary {
  const query = summaryQuery(filter);
  const rows = sqlite.prepare(query.sql).all(...query.params) as StageRow[];
  const summary: DashboardSummary = {
    homeCurrency,
    dealCount: 0,
    openCount: 0,
    pipelineHome: 0,
    weightedHome: 0,
    unconvertedCount: 0,
    byStage: [],
  };
  const open: StageRow[] = [];
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
