import type { Database } from 'better-sqlite3';
import type { DashboardSummary } from '../../../src-shared/contract/schemas';

/**
 * Headline numbers for the dashboard, in one pass of SQL over the cache. "Open" means not closed
 * won/lost by stage name; deals without a home-currency amount are counted apart, never summed
 * as if they were already in the home currency.
 */
export function dashboardSummary(sqlite: Database, homeCurrency: string): DashboardSummary {
  const OPEN = `(stage IS NULL OR (stage NOT LIKE 'Closed%' AND stage NOT LIKE '%Lost%'))`;
  const totals = sqlite
    .prepare(
      `SELECT count(*) AS dealCount,
              sum(CASE WHEN ${OPEN} THEN 1 ELSE 0 END) AS openCount,
              coalesce(sum(CASE WHEN ${OPEN} THEN amount_home END), 0) AS pipelineHome,
              coalesce(sum(CASE WHEN ${OPEN} THEN amount_home * coalesce(probability, 0) / 100.0 END), 0) AS weightedHome,
              sum(CASE WHEN ${OPEN} AND amount IS NOT NULL AND amount_home IS NULL THEN 1 ELSE 0 END) AS unconvertedCount
         FROM deals`,
    )
    .get() as Record<string, number | null>;
  const byStage = sqlite
    .prepare(
      `SELECT coalesce(stage, '(no stage)') AS stage, count(*) AS count, coalesce(sum(amount_home), 0) AS amountHome
         FROM deals WHERE ${OPEN} GROUP BY stage ORDER BY max(probability) ASC, stage`,
    )
    .all() as DashboardSummary['byStage'];
  return {
    homeCurrency,
    dealCount: totals.dealCount ?? 0,
    openCount: totals.openCount ?? 0,
    pipelineHome: totals.pipelineHome ?? 0,
    weightedHome: totals.weightedHome ?? 0,
    unconvertedCount: totals.unconvertedCount ?? 0,
    byStage,
  };
}
