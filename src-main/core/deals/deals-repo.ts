import type { Database } from 'better-sqlite3';
import { sql, type Selectable } from 'kysely';
import type { z } from 'zod';
import type { DealRow, dealsListArgs } from '../../../src-shared/contract/schemas';
import type { DealsTable } from '../store/schema';
import { allRows, sqlBuilder } from '../store/sql-builder';
import { whereDealFilter, whereDealSearch } from './deal-filters';

type ListArgs = z.output<typeof dealsListArgs>;

const SORT_COLUMNS = {
  closingDate: 'closing_date',
  amountHome: 'amount_home',
  amount: 'amount',
  name: 'name',
  accountName: 'account_name',
  ownerName: 'owner_name',
  stage: 'stage',
  country: 'country',
  modifiedTime: 'modified_time',
  probability: 'probability',
} as const;

export function toDealRow(d: Selectable<DealsTable>): DealRow {
  return {
    id: d.id,
    name: d.name,
    accountName: d.account_name,
    ownerName: d.owner_name,
    stage: d.stage,
    probability: d.probability,
    amount: d.amount,
    currency: d.currency,
    amountHome: d.amount_home,
    closingDate: d.closing_date,
    country: d.country,
    modifiedTime: d.modified_time,
    territory: d.territory,
    serviceLine: d.service_line,
  };
}

/**
 * Read side of the deals cache for the Deals screen. The list's WHERE and ORDER BY come from the
 * caller's arguments, so it is built with Kysely (store/sql-builder.ts); one deal is a fixed
 * prepared statement. Both run on the one synchronous connection (ARCHITECTURE.md, "The store").
 */
export class DealsRepo {
  private readonly one;

  constructor(private readonly sqlite: Database) {
    this.one = sqlite.prepare<[string], Selectable<DealsTable> & { raw: string | null }>(
      'SELECT d.*, r.raw FROM deals d LEFT JOIN deal_raw r ON r.id = d.id WHERE d.id = ?',
    );
  }

  /**
   * A window of the deals passing the shared filter (and the older search/stage arguments), sorted
   * by a column (deal-list.ts serves the screens from memory; this is its reference and the
   * modified-time order).
   */
  list(args: ListArgs & { sort: keyof typeof SORT_COLUMNS }, today?: string): { total: number; rows: DealRow[] } {
    let q = whereDealSearch(sqlBuilder.selectFrom('deals'), args.search);
    if (args.filter) q = whereDealFilter(q, args.filter, today);
    if (args.stage) q = q.where('stage', '=', args.stage);
    const [{ total }] = allRows(
      this.sqlite,
      q.select((eb) => eb.fn.countAll<number>().as('total')),
    );
    const rows = allRows(
      this.sqlite,
      q
        .selectAll()
        // Empty values last whichever the direction, so a sort shows real values first.
        .orderBy(sql`${sql.ref(SORT_COLUMNS[args.sort])} IS NULL`)
        .orderBy(SORT_COLUMNS[args.sort], args.descending ? 'desc' : 'asc')
        .orderBy('id')
        .limit(args.limit)
        .offset(args.offset),
    );
    return { total: Number(total), rows: rows.map(toDealRow) };
  }

  /** One deal with the record exactly as Zoho sent it, or null. */
  get(id: string): (DealRow & { raw: Record<string, unknown> }) | null {
    const d = this.one.get(id);
    return d ? { ...toDealRow(d), raw: d.raw ? (JSON.parse(d.raw) as Record<string, unknown>) : {} } : null;
  }
}
