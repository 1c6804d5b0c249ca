import { sql, type SelectQueryBuilder } from 'kysely';
import type { DashboardFilter } from '../../../src-shared/contract/schemas';
import type { DB } from '../store/schema';

type DealsQuery<O> = SelectQueryBuilder<DB, 'deals', O>;

/**
 * `+column` keeps a term off that column's own index (deals_closing_date, deals_owner): the planner
 * then walks the covering index deals_dashboard (stage order, so GROUP BY needs no sort) whenever
 * it exists, and the table itself when it does not — e.g. while a first full sync has the indexes
 * dropped for its bulk load. No query names an index a sync can drop.
 */
const offIndex = (column: 'closing_date' | 'owner_name') => sql<string | null>`+${sql.ref(column)}`;

/** The dashboard's filters (closing dates, probability, owner, country, stage) on a deals query. */
export function whereDealFilter<O>(q: DealsQuery<O>, f: DashboardFilter): DealsQuery<O> {
  if (f.closingFrom) q = q.where(offIndex('closing_date'), '>=', f.closingFrom);
  if (f.closingTo) q = q.where(offIndex('closing_date'), '<=', f.closingTo);
  if (f.probabilityMin !== undefined) q = q.where('probability', '>=', f.probabilityMin);
  if (f.probabilityMax !== undefined) q = q.where('probability', '<=', f.probabilityMax);
  if (f.owner) q = q.where(offIndex('owner_name'), '=', f.owner);
  if (f.country) q = q.where('country', '=', f.country);
  if (f.stage) q = q.where('stage', '=', f.stage);
  return q;
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
