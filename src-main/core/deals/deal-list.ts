import type { Database } from 'better-sqlite3';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { CallResult } from '../../../src-shared/contract/calls';
import type { Health } from '../o2r/types';
import type { DealRow, dealsListArgs } from '../../../src-shared/contract/schemas';
import type { DealsTable } from '../store/schema';
import type { Codes, DealTable } from './deals-in-columns';
import type { DealFactsCache } from './deal-facts-cache';
import { countingSort, dictOrder, idOrder, numberOrder, sqlOrder } from './deal-orders';
import { compileFilter } from './row-filter';
import { toDealRow, type DealsRepo } from './deals-repo';

type ListArgs = z.output<typeof dealsListArgs>;
type ListResult = CallResult<'deals.list'>;
/**
 * The O2R health of a deal's opportunity by deal id (o2r-store's opportunity cache), and a value
 * that changes whenever any health may have changed (the health order is then sorted again).
 */
export type HealthLookup = () => { healthOf(id: string): Health | undefined; version: unknown };

/** Worst first when ascending, like the O2R list: a manager sorts by health to see trouble. */
const HEALTH_RANK: Readonly<Record<Health, number>> = { BLOCKED: 0, RED: 1, YELLOW: 2, NEEDS_UPDATE: 3, GREEN: 4 };
const NO_HEALTH = 5;

type SortKey = Exclude<ListArgs['sort'], 'modifiedTime'>;
/** How each column is ordered: by its dictionary codes, its numbers, or by SQLite (free text). */
const SORTS: Record<Exclude<SortKey, 'health'>, (d: DealTable) => Codes | Float64Array | string> = {
  closingDate: (d) => d.closing,
  amountHome: (d) => d.amountHome,
  amount: (d) => d.amount,
  name: () => 'name',
  accountName: (d) => d.account,
  ownerName: (d) => d.owner,
  stage: (d) => d.stage,
  country: (d) => d.country,
  probability: (d) => d.probability,
};
const DICTS = {
  closingDate: 'closings',
  accountName: 'accounts',
  ownerName: 'owners',
  stage: 'stages',
  country: 'countries',
} as const;
/** How many sort orders are kept (4 MB each at a million deals): the columns a user flips between. */
const KEPT_ORDERS = 4;

/**
 * The Deals table's windows from the deals held in memory (`DealFactsCache`, the Dashboard's
 * columns). Each sort order is a Uint32Array of rows in the SQL list's order (deal-orders.ts), worked
 * out once per version of the deals and kept for the last few columns used. A filter is one pass of the compiled filter (row-filter.ts) over that order, kept as a Uint32Array
 * for the next windows of the same query — so a filter change costs a pass over integer columns, and
 * the total is the Dashboard's "matching" by construction. Only the window's rows are read from
 * SQLite (by id), with every column the table shows (`tests/deals/pipeline-view.test.ts` compares the
 * windows with the SQL list).
 */
export class DealList {
  private sorted = new Map<string, Uint32Array>();
  private sortedFor: DealTable | null = null;
  private idOrder: Uint32Array | null = null;
  private healthVersion: unknown = null;
  private last: { key: string; rows: Uint32Array } | null = null;
  private readonly byIds;

  constructor(
    private readonly sqlite: Database,
    private readonly facts: DealFactsCache,
    private readonly repo: DealsRepo,
    private readonly health: HealthLookup,
  ) {
    this.byIds = sqlite.prepare<[string], Selectable<DealsTable>>(
      'SELECT d.* FROM json_each(?) j JOIN deals d ON d.id = j.value',
    );
    facts.onInvalidate(() => this.forget());
  }

  /** Drops the orders and the last match list (they index the rows of a table now gone). */
  private forget(): void {
    this.sorted.clear();
    this.sortedFor = null;
    this.idOrder = null;
    this.last = null;
  }

  list(args: ListArgs, today: string): ListResult {
    // No in-memory value for it (the screens never sort by it): the SQL list does it.
    if (args.sort === 'modifiedTime') return this.withHealth(this.repo.list({ ...args, sort: args.sort }, today));
    const deals = this.facts.all();
    if (deals !== this.sortedFor) {
      this.forget();
      this.sortedFor = deals;
    }
    if (args.sort === 'health') {
      const { version } = this.health();
      if (version !== this.healthVersion) {
        this.sorted.delete('health:asc');
        this.sorted.delete('health:desc');
        this.healthVersion = version;
        this.last = null;
      }
    }
    const key = JSON.stringify([
      args.sort,
      args.descending,
      args.filter ?? {},
      args.search ?? '',
      args.stage ?? '',
      today,
    ]);
    if (this.last?.key !== key) {
      const matches = compileFilter(args.filter ?? {}, today, deals).rows(deals);
      // The older arguments (CLI, first screens) narrow the shared filter further.
      const extra =
        args.search || args.stage
          ? compileFilter({ search: args.search, stage: args.stage }, today, deals).rows(deals)
          : null;
      const order = this.order(deals, args.sort, args.descending);
      const rows = new Uint32Array(order.length);
      let n = 0;
      for (let k = 0; k < order.length; k++) {
        const r = order[k];
        if (matches(r) && (!extra || extra(r))) rows[n++] = r;
      }
      this.last = { key, rows: rows.slice(0, n) };
    }
    const window = Array.from(this.last.rows.subarray(args.offset, args.offset + args.limit), (r) => deals.ids.get(r));
    const rows = new Map(this.byIds.all(JSON.stringify(window)).map((r) => [r.id, r]));
    return this.withHealth({
      total: this.last.rows.length,
      rows: window.flatMap((id) => {
        const r = rows.get(id);
        return r ? [toDealRow(r)] : [];
      }),
    });
  }

  /** The rows with their opportunity's health (null for a deal the O2R cache does not hold). */
  private withHealth(r: { total: number; rows: DealRow[] }): ListResult {
    const { healthOf } = this.health();
    return { total: r.total, rows: r.rows.map((d) => ({ ...d, health: healthOf(d.id) ?? null })) };
  }

  private order(deals: DealTable, sort: SortKey, descending: boolean): Uint32Array {
    const key = `${sort}:${descending ? 'desc' : 'asc'}`;
    let out = this.sorted.get(key);
    if (out) {
      // Most recently used last, so the oldest goes first when one more is kept.
      this.sorted.delete(key);
      this.sorted.set(key, out);
      return out;
    }
    out = this.sortedBy(deals, sort, descending);
    this.sorted.set(key, out);
    if (this.sorted.size > KEPT_ORDERS) this.sorted.delete(this.sorted.keys().next().value!);
    return out;
  }

  /** Rows in id order, the ties' order of every sort (kept with the table). */
  private byId(deals: DealTable): Uint32Array {
    return (this.idOrder ??= idOrder(this.sqlite, deals));
  }

  private sortedBy(deals: DealTable, sort: SortKey, descending: boolean): Uint32Array {
    if (sort === 'health') {
      // Worst first (best first descending), deals the O2R cache does not hold last.
      const { healthOf } = this.health();
      return countingSort(
        this.byId(deals),
        (r) => {
          const h = healthOf(deals.ids.get(r));
          return h === undefined ? NO_HEALTH : descending ? 4 - HEALTH_RANK[h] : HEALTH_RANK[h];
        },
        NO_HEALTH + 1,
      );
    }
    const column = SORTS[sort](deals);
    if (typeof column === 'string') return sqlOrder(this.sqlite, deals, column, descending);
    if (column instanceof Float64Array) return numberOrder(this.byId(deals), column, descending);
    const dict = deals[DICTS[sort as keyof typeof DICTS]];
    return dictOrder(this.byId(deals), dict, column, descending);
  }
}
