import { sql, type SelectQueryBuilder } from 'kysely';
import type { DashboardFilter } from '../../../src-shared/contract/schemas';
import { closingRange } from '../../../src-shared/filters/deal-filter';
import type { DB } from '../store/schema';
import { localDay } from '../sync/snapshots';

type DealsQuery<O> = SelectQueryBuilder<DB, 'deals', O>;

/**
 * `+column` keeps a term off that column's own index (deals_closing_date, deals_owner): the planner
 * then walks the covering index deals_dashboard (stage order, so GROUP BY needs no sort) whenever
 * it exists, and the table itself when it does not — e.g. while a first full sync has the indexes
 * dropped for its bulk load. No query names an index a sync can drop.
 */
const offIndex = (column: 'closing_date' | 'owner_name') => sql<string | null>`+${sql.ref(column)}`;

/** The closing-date range a filter means on `today`: its preset resolved, else its custom dates. */
export function filterClosingRange(f: DashboardFilter, today: string): { from?: string; to?: string } | null {
  return closingRange(f.closing, today, { from: f.closingFrom, to: f.closingTo });
}

/**
 * The shared filter (docs/dashboard.md#filters) on a deals query: closing dates (a preset resolved
 * on `today`), probability, owner, country, territory, stage, service line, currency and the search.
 * `row-filter.ts` is the same filter for the deals held in memory; a test keeps the two equal.
 */
export function whereDealFilter<O>(q: DealsQuery<O>, f: DashboardFilter, today = localDay()): DealsQuery<O> {
  const range = filterClosingRange(f, today);
  // A range never takes a deal whose closing date is not a real date (they are counted apart).
  if (range) q = q.where(sql<boolean>`date(closing_date) IS closing_date`);
  if (range?.from) q = q.where(offIndex('closing_date'), '>=', range.from);
  if (range?.to) q = q.where(offIndex('closing_date'), '<=', range.to);
  if (f.probabilityMin !== undefined) q = q.where('probability', '>=', f.probabilityMin);
  if (f.probabilityMax !== undefined) q = q.where('probability', '<=', f.probabilityMax);
  if (f.owner) q = q.where(offIndex('owner_name'), '=', f.owner);
  if (f.country) q = q.where('country', '=', f.country);
  if (f.territory) q = q.where('territory', '=', f.territory);
  if (f.stage) q = q.where('stage', '=', f.stage);
  // A multi-select (several service lines, joined with "; " at ingest): the deal has this one among them.
  if (f.serviceLine) q = q.where(sql<boolean>`instr('; ' || service_line || '; ', ${`; ${f.serviceLine}; `}) > 0`);
  if (f.currency) q = q.where('currency', '=', f.currency);
  // isOpenStage (docs/dashboard.md): LIKE is case-insensitive for ASCII, as toLowerCase there.
  if (f.openOnly) q = q.where(sql<boolean>`(stage IS NULL OR (stage NOT LIKE 'closed%' AND stage NOT LIKE '%lost%'))`);
  return whereDealSearch(q, f.search);
}

/** The Deals screen's search: name, account or owner containing the text (% and _ taken literally). */
export function whereDealSearch<O>(q: DealsQuery<O>, search: string | undefined): DealsQuery<O> {
  const text = search?.trim();
  if (!text) return q;
  const like = `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  const contains = (column: 'name' | 'account_name' | 'owner_name') =>
    sql<boolean>`${sql.ref(column)} LIKE ${like} ESCAPE '\\'`;
  return q.where((eb) => eb.or([contains('name'), contains('account_name'), contains('owner_name')]));
}
