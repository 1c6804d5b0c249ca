/**
 * The rows an export writes: the cached deals (or the O2R opportunities) that pass the screen's
 * filters, in closing-date order. Money is rounded to cents here, once, for every format.
 */
import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import type { dealExportFilter, opportunityExportFilter } from '../../../src-shared/contract/io-schemas';
import { sql } from 'kysely';
import { whereDealFilter, whereDealSearch } from '../deals/deal-filters';
import { allRows, sqlBuilder } from '../store/sql-builder';
import type { DealsTable } from '../store/schema';
import type { O2RService } from '../o2r-store/o2r-service';
import { summaryExportRow } from '../o2r-store/export-rows';
import { cents, type ExportColumn, type ExportRow } from './columns';

export type DealExportFilter = z.input<typeof dealExportFilter>;
export type OpportunityExportFilter = z.output<typeof opportunityExportFilter>;

const DEAL_SQL_COLUMNS: Record<string, keyof DealsTable> = {
  id: 'id',
  name: 'name',
  accountName: 'account_name',
  ownerName: 'owner_name',
  ownerEmail: 'owner_email',
  stage: 'stage',
  probability: 'probability',
  amount: 'amount',
  currency: 'currency',
  amountHome: 'amount_home',
  homeRate: 'home_rate',
  rateSource: 'rate_source',
  closingDate: 'closing_date',
  country: 'country',
  territory: 'territory',
  serviceLine: 'service_line',
  proposalDate: 'proposal_date',
  sowDate: 'sow_date',
  poDate: 'po_date',
  kickoffDate: 'kickoff_date',
  invoiceDate: 'invoice_date',
  paymentDate: 'payment_date',
  revenueDate: 'revenue_date',
  createdTime: 'created_time',
  modifiedTime: 'modified_time',
};

export function dealExportRows(
  sqlite: Database,
  columns: readonly ExportColumn[],
  filter: DealExportFilter = {},
): ExportRow[] {
  const { search, ...dashboard } = filter;
  // The screen's filters and its search (name, account or owner, like deals.list), built with Kysely.
  const q = whereDealSearch(whereDealFilter(sqlBuilder.selectFrom('deals'), dashboard), search)
    .select(columns.map((col) => sql.ref(DEAL_SQL_COLUMNS[col.key]).as(col.key)))
    .orderBy(sql`closing_date IS NULL`)
    .orderBy('closing_date')
    .orderBy('id');
  return roundMoney(allRows(sqlite, q) as ExportRow[], columns);
}

export function opportunityExportRows(
  o2r: O2RService,
  columns: readonly ExportColumn[],
  filter: OpportunityExportFilter,
): ExportRow[] {
  const all = o2r.list({
    ...filter,
    sort: 'closingDate',
    descending: false,
    limit: Number.MAX_SAFE_INTEGER,
    offset: 0,
  });
  return roundMoney(all.rows.map(summaryExportRow), columns);
}

function roundMoney(rows: ExportRow[], columns: readonly ExportColumn[]): ExportRow[] {
  const money = columns.filter((col) => col.kind === 'money-deal' || col.kind === 'money-home').map((col) => col.key);
  for (const r of rows) for (const k of money) r[k] = cents(r[k]) as number | null;
  return rows;
}
