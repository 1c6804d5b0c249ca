import type { Database } from 'better-sqlite3';
import type { CallResult } from '../../../src-shared/contract/calls';
import type { DashboardView, WhatMoved } from '../../../src-shared/contract/dashboard-schemas';
import type { DashboardFilter } from '../../../src-shared/contract/schemas';
import { dealCrmUrl } from './crm-url';
import { dashboardView } from './dashboard-view';
import type { DealRows, DealTable } from './deals-in-columns';
import { DealFactsCache } from './deal-facts-cache';
import { compileFilter, serviceLinesOf } from './row-filter';
import { SavedFilterRepo } from './saved-filter';
import { whatMoved } from './what-moved';

export interface PipelineServiceOptions {
  sqlite: Database;
  homeCurrency: () => string;
  /** The user's calendar day, YYYY-MM-DD. */
  today: () => string;
  /** The connected account's API host and org id (for "Open in Zoho CRM"); nulls outside an account. */
  crmAccount: () => { apiDomain: string | null; orgId: string | null };
}

/** `day` minus `n` days, YYYY-MM-DD. */
export function daysBefore(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}

/**
 * The open deals of `rows` that pass `matches`: their count, pipeline and weighted pipeline. Every
 * row of a snapshot counts (it holds the deals open that day, by the CRM's forecast type:
 * sync/snapshots.ts); today's deals count when their stage is open.
 */
function openPipeline(day: string, rows: DealRows, matches: (i: number) => boolean) {
  const point = { day, openCount: 0, pipeline: 0, weighted: 0 };
  const open = rows.ref ? null : rows.stages.open;
  for (let i = 0; i < rows.size; i++) {
    if ((open && !open[rows.stage[i]]) || !matches(i)) continue;
    const home = rows.amountHome[i] === rows.amountHome[i] ? rows.amountHome[i] : 0;
    const p = rows.probability[i] === rows.probability[i] ? rows.probability[i] : 0;
    point.openCount++;
    point.pipeline += home;
    point.weighted += (home * p) / 100;
  }
  return point;
}

/**
 * The pipeline screens' read side (`ctx.pipeline`): the Dashboard, the pipeline over time, what
 * moved, one deal's history and the filter's choices, all from the local cache and its daily
 * snapshots — never a call to Zoho. The deals are read once into `DealFactsCache` and kept until
 * core-context.ts says they changed (`dealsChanged`).
 */
export class PipelineService {
  readonly facts: DealFactsCache;
  readonly savedFilter: SavedFilterRepo;
  private readonly dealPoints;
  /**
   * The last answer of each kind, for the same question, until the deals change: the Dashboard
   * opening again (another screen and back, a second window, the first paint after the warm-up)
   * costs nothing. One entry each, so a different filter is always worked out afresh.
   */
  private lastView: { key: string; of: DealTable; view: DashboardView } | null = null;
  private lastHistory: { key: string; of: DealTable; points: CallResult<'dashboard.history'> } | null = null;
  private options: { of: DealTable; options: CallResult<'deals.filterOptions'> } | null = null;

  constructor(private readonly opts: PipelineServiceOptions) {
    this.facts = new DealFactsCache(opts.sqlite);
    this.savedFilter = new SavedFilterRepo(opts.sqlite);
    this.dealPoints = opts.sqlite.prepare<[string], CallResult<'deals.history'>['points'][number]>(
      `SELECT day, stage, amount, amount_home AS amountHome, probability, closing_date AS closingDate
       FROM deal_snapshots WHERE deal_id = ? ORDER BY day`,
    );
  }

  /**
   * Prepares the first Dashboard while the window opens (app hosts, at start): reads the deals into
   * memory, then works out the filter's choices and the Dashboard and its history for the
   * remembered filter — one step per turn of the event loop, so a call arriving meanwhile is not
   * held up by more than one step. Best effort: a store closed by then (a very short-lived host)
   * just skips the rest; the first screen then does the work itself.
   */
  warmUp(): void {
    const steps = [
      () => this.facts.all(),
      () => this.filterOptions(),
      () => this.view(this.savedFilter.get()),
      () => this.history(this.savedFilter.get()),
    ];
    const next = () => {
      const step = steps.shift();
      if (!step) return;
      try {
        step();
        setImmediate(next);
      } catch {
        // the store closed before the warm-up ran
      }
    };
    setImmediate(next);
  }

  /** Every deal changed (a sync page, an edit, new rates, an import): read them again on next use. */
  dealsChanged(): void {
    this.facts.invalidate();
    this.lastView = null;
    this.lastHistory = null;
    this.options = null;
  }

  view(filter: DashboardFilter): DashboardView {
    const today = this.opts.today();
    const prevDay = this.facts.snapshotDayOnOrBefore(daysBefore(today, 7));
    const homeCurrency = this.opts.homeCurrency();
    const key = JSON.stringify([filter, today, prevDay, homeCurrency]);
    // Only for the very deals it was worked out from (the cache's table is new once they changed).
    const deals = this.facts.all();
    if (this.lastView?.key === key && this.lastView.of === deals) return this.lastView.view;
    const view = dashboardView({
      deals,
      filter,
      today,
      homeCurrency,
      stageOrder: this.facts.stageOrder(),
      previous: prevDay ? { day: prevDay, deals: this.facts.snapshot(prevDay) } : null,
    });
    this.lastView = { key, of: deals, view };
    return view;
  }

  /** The open pipeline per snapshot day (with today's cache as the last point) for the filter. */
  history(filter: DashboardFilter): CallResult<'dashboard.history'> {
    const today = this.opts.today();
    const key = JSON.stringify([filter, today]);
    const deals = this.facts.all();
    if (this.lastHistory?.key !== key || this.lastHistory.of !== deals)
      this.lastHistory = { key, of: deals, points: this.historyOf(filter, today) };
    return this.lastHistory.points;
  }

  private historyOf(filter: DashboardFilter, today: string): CallResult<'dashboard.history'> {
    const deals = this.facts.all();
    const compiled = compileFilter(filter, today, deals);
    const points: CallResult<'dashboard.history'> = [];
    // Each past day read in columns, one at a time; today's point is the cache, not its snapshot.
    for (const day of this.facts.snapshotDays()) {
      if (day === today) continue;
      const rows = this.facts.snapshotOnce(day);
      const point = openPipeline(day, rows, compiled.rows(rows));
      if (point.openCount) points.push(point);
    }
    points.push(openPipeline(today, deals, compiled.rows(deals)));
    return points.sort((a, b) => a.day.localeCompare(b.day));
  }

  /** What moved between two days (default: the last 7 days up to now). */
  moved(args: { from?: string; to?: string; filter: DashboardFilter }): WhatMoved {
    const today = this.opts.today();
    const to = args.to && args.to < today ? args.to : today;
    const from = args.from ?? daysBefore(to, 7);
    const days = this.facts.snapshotDays();
    const fromDay = this.facts.snapshotDayOnOrBefore(from);
    const all = this.facts.all();
    const toDay = to === today ? null : this.facts.snapshotDayOnOrBefore(to);
    return whatMoved({
      from: fromDay ? { day: fromDay, deals: this.facts.snapshot(fromDay) } : null,
      to: toDay ? { day: toDay, deals: this.facts.snapshot(toDay) } : { day: today, deals: null },
      now: all,
      firstDay: days[0] ?? null,
      filter: args.filter,
      today,
      homeCurrency: this.opts.homeCurrency(),
      stageOrder: this.facts.stageOrder(),
    });
  }

  dealHistory(id: string): CallResult<'deals.history'> {
    const { apiDomain, orgId } = this.opts.crmAccount();
    return { points: this.dealPoints.all(id), crmUrl: dealCrmUrl(apiDomain, orgId, id) };
  }

  /** The filter bar's choices (worked out once per version of the deals). */
  filterOptions(): CallResult<'deals.filterOptions'> {
    const deals = this.facts.all();
    if (this.options?.of !== deals) this.options = { of: deals, options: this.optionsOf() };
    return this.options.options;
  }

  private optionsOf(): CallResult<'deals.filterOptions'> {
    const sets = {
      owners: new Set<string>(),
      countries: new Set<string>(),
      territories: new Set<string>(),
      stages: new Set<string>(),
      serviceLines: new Set<string>(),
      currencies: new Set<string>(),
    };
    // Each dictionary holds exactly the values today's deals have (code 0 is none).
    const deals = this.facts.all();
    const add = (set: Set<string>, values: readonly (string | null)[]) => {
      for (const v of values) if (v) set.add(v);
    };
    add(sets.owners, deals.owners.values);
    add(sets.countries, deals.countries.values);
    add(sets.territories, deals.territories.values);
    add(sets.stages, deals.stages.values);
    for (const v of deals.serviceLines.values) add(sets.serviceLines, serviceLinesOf({ serviceLine: v }));
    add(sets.currencies, deals.currencies.values);
    const sorted = (s: Set<string>) => [...s].sort((a, b) => a.localeCompare(b));
    const order = this.facts.stageOrder();
    const rank = new Map(order.map((s, i) => [s, i]));
    return {
      owners: sorted(sets.owners),
      countries: sorted(sets.countries),
      territories: sorted(sets.territories),
      stages: [...sets.stages].sort((a, b) => (rank.get(a) ?? 1e6) - (rank.get(b) ?? 1e6) || a.localeCompare(b)),
      serviceLines: sorted(sets.serviceLines),
      currencies: sorted(sets.currencies),
    };
  }
}
