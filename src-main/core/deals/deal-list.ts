import type { Database } from 'better-sqlite3';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { CallResult } from '../../../src-shared/contract/calls';
import type { Health } from '../o2r/types';
import type { DealRow, dealsListArgs } from '../../../src-shared/contract/schemas';
import type { DealsTable } from '../store/schema';
import type { DealFactsCache, Fact } from './deal-facts-cache';
import { dealMatcher } from './deal-matcher';
import { toDealRow, type DealsRepo } from './deals-repo';

type ListArgs = z.output<typeof dealsListArgs>;
type ListResult = CallResult<'deals.list'>;
/**
 * The O2R health of each deal's opportunity by deal id (o2r-store's opportunity cache), and a value
 * that changes whenever any health may have changed (the health order is then sorted again).
 */
export type HealthLookup = () => { byId: ReadonlyMap<string, { health: Health }>; version: unknown };

/** Worst first when ascending, like the O2R list: a manager sorts by health to see trouble. */
const HEALTH_RANK: Readonly<Record<Health, number>> = { BLOCKED: 0, RED: 1, YELLOW: 2, NEEDS_UPDATE: 3, GREEN: 4 };

type SortKey = Exclude<ListArgs['sort'], 'modifiedTime'>;
const SORT_VALUE: Record<Exclude<SortKey, 'health'>, (d: Fact) => string | number | null> = {
  closingDate: (d) => d.closingDate,
  amountHome: (d) => d.amountHome,
  amount: (d) => d.amount,
  name: (d) => d.name,
  accountName: (d) => d.accountName,
  ownerName: (d) => d.ownerName,
  stage: (d) => d.stage,
  country: (d) => d.country,
  probability: (d) => d.probability,
};

/** SQLite's order for TEXT (BINARY: code points) and numbers; ids break ties, always ascending. */
const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The Deals table's windows from the deals held in memory (`DealFactsCache`, the Dashboard's
 * copy): each sort order is worked out once per version of the deals, and a filter is one pass of
 * the shared matcher over that order, kept for the next windows of the same query — so a filter
 * change with 50,000 deals costs a few milliseconds instead of a sort of the table, and the total
 * is the Dashboard's "matching" by construction. Only the window's rows are read from SQLite (by
 * id), with every column the table shows. The order is the SQL list's: empty values last whichever
 * the direction, then the value, then the id (`tests/deals/pipeline-view.test.ts` compares the two).
 */
export class DealList {
  private sorted = new Map<string, Fact[]>();
  private sortedFor: readonly Fact[] | null = null;
  private healthVersion: unknown = null;
  private last: { key: string; ids: string[] } | null = null;
  private readonly byIds;

  constructor(
    sqlite: Database,
    private readonly facts: DealFactsCache,
    private readonly repo: DealsRepo,
    private readonly health: HealthLookup,
  ) {
    this.byIds = sqlite.prepare<[string], Selectable<DealsTable>>(
      'SELECT d.* FROM json_each(?) j JOIN deals d ON d.id = j.value',
    );
  }

  list(args: ListArgs, today: string): ListResult {
    // No in-memory value for it (the screens never sort by it): the SQL list does it.
    if (args.sort === 'modifiedTime') return this.withHealth(this.repo.list({ ...args, sort: args.sort }, today));
    const all = this.facts.all();
    if (all !== this.sortedFor) {
      this.sorted.clear();
      this.sortedFor = all;
      this.last = null;
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
      const matches = dealMatcher(args.filter ?? {}, today);
      // The older arguments (CLI, first screens) narrow the shared filter further.
      const extra = args.search || args.stage ? dealMatcher({ search: args.search, stage: args.stage }, today) : null;
      const ids: string[] = [];
      for (const d of this.order(all, args.sort, args.descending))
        if (matches(d) && (!extra || extra(d))) ids.push(d.id);
      this.last = { key, ids };
    }
    const window = this.last.ids.slice(args.offset, args.offset + args.limit);
    const rows = new Map(this.byIds.all(JSON.stringify(window)).map((r) => [r.id, r]));
    return this.withHealth({
      total: this.last.ids.length,
      rows: window.flatMap((id) => {
        const r = rows.get(id);
        return r ? [toDealRow(r)] : [];
      }),
    });
  }

  /** The rows with their opportunity's health (null for a deal the O2R cache does not hold). */
  private withHealth(r: { total: number; rows: DealRow[] }): ListResult {
    const healths = this.health().byId;
    return { total: r.total, rows: r.rows.map((d) => ({ ...d, health: healths.get(d.id)?.health ?? null })) };
  }

  private order(all: readonly Fact[], sort: SortKey, descending: boolean): Fact[] {
    const key = `${sort}:${descending ? 'desc' : 'asc'}`;
    let out = this.sorted.get(key);
    if (out) return out;
    const healths = sort === 'health' ? this.health().byId : null;
    const value = healths
      ? (d: Fact) => {
          const h = healths.get(d.id)?.health;
          return h === undefined ? null : HEALTH_RANK[h];
        }
      : SORT_VALUE[sort as Exclude<SortKey, 'health'>];
    const dir = descending ? -1 : 1;
    const keyed = all.map((d) => ({ d, v: value(d) }));
    keyed.sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === b.v ? cmp(a.d.id, b.d.id) : a.v === null ? 1 : -1;
      return dir * cmp(a.v, b.v) || cmp(a.d.id, b.d.id);
    });
    out = keyed.map((k) => k.d);
    this.sorted.set(key, out);
    return out;
  }
}
