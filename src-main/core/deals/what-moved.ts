import type { MovedBucket, MovedDeal, WhatMoved } from '../../../src-shared/contract/dashboard-schemas';
import { MOVED_BUCKETS, MOVED_LISTED } from '../../../src-shared/contract/dashboard-schemas';
import type { DashboardFilter } from '../../../src-shared/contract/schemas';
import type { DealRows, DealTable, SnapshotRows } from './deals-in-columns';
import { MovedBucketCollector } from './moved-bucket';
import { compileFilter } from './row-filter';

export interface WhatMovedInput {
  /** The open deals of the earlier snapshot (null: no snapshot that old — everything counts as added). */
  from: { day: string; deals: SnapshotRows } | null;
  /** The later state: the open deals of a snapshot, or every cached deal (`now`) when `to` is today. */
  to: { day: string; deals: SnapshotRows | null };
  /** Every cached deal now: tells what became of a deal that left the open pipeline. */
  now: DealTable;
  firstDay: string | null;
  filter: DashboardFilter;
  today: string;
  homeCurrency: string;
  stageOrder: readonly string[];
}

const amountText = (v: number) => (v === v ? String(Math.round(v)) : null);
const z = (v: number) => (v === v ? v : 0);

/** One row of a set of deal rows: its columns read as the screens show them. */
class RowReader {
  constructor(
    private readonly rows: DealRows,
    private readonly now: DealTable,
  ) {}
  /** Today's row of the deal, -1 for one deleted since. */
  nowRow(i: number): number {
    return this.rows.ref ? this.rows.ref[i] : i;
  }
  id(i: number): string {
    const r = this.nowRow(i);
    return r >= 0 ? this.now.ids.get(r) : ((this.rows as SnapshotRows).deletedIds.get(i) ?? '');
  }
  stage(i: number): string | null {
    return this.rows.stages.values[this.rows.stage[i]];
  }
  open(i: number): boolean {
    return this.rows.stages.open[this.rows.stage[i]] === 1;
  }
  won(i: number): boolean {
    return this.rows.stages.won[this.rows.stage[i]] === 1;
  }
  closing(i: number): string | null {
    return this.rows.closings.values[this.rows.closing[i]];
  }
  deal(i: number, before: string | null, after: string | null, delta: number): MovedDeal {
    const r = this.nowRow(i);
    return {
      id: this.id(i),
      name: r >= 0 ? this.now.names.get(r) : '(deleted deal)',
      ownerName: r >= 0 ? this.now.owners.values[this.now.owner[r]] : null,
      before,
      after,
      delta,
    };
  }
}

/**
 * What moved between two days (docs/dashboard.md#what-moved), from local snapshots only. A deal is
 * in scope when it passes the filter at either end. The open pipeline's change adds up exactly:
 * end − start = added + (amount changes of deals open at both ends) − won − lost − removed, which the
 * waterfall draws. A deal can be in several "change" buckets (pushed out and amount down). Deals are
 * paired by today's row (a snapshot row's `ref`), and by id for the few deleted since.
 */
export function whatMoved(input: WhatMovedInput): WhatMoved {
  const { now } = input;
  const compiled = compileFilter(input.filter, input.today, now);
  const rank = new Map(input.stageOrder.map((s, i) => [s, i]));
  const afterRows: DealRows = input.to.deals ?? now;
  const a = input.from ? new RowReader(input.from.deals, now) : null;
  const b = new RowReader(afterRows, now);
  const nowRows = new RowReader(now, now);
  const matchesA = input.from ? compiled.rows(input.from.deals) : () => false;
  const matchesB = compiled.rows(afterRows);
  // The CRM's stage order; a stage it does not know ranks by the deal's probability.
  const stageRank = (rows: DealRows, i: number) => {
    const p = rows.probability[i];
    return rank.get(rows.stages.values[rows.stage[i]] ?? '') ?? (p === p ? p : -1);
  };

  // The later row of each deal: by today's row, and by id for deals deleted since.
  const afterByNow = new Int32Array(now.size).fill(-1);
  const afterDeleted = new Map<string, number>();
  for (let k = 0; k < afterRows.size; k++) {
    const r = b.nowRow(k);
    if (r >= 0) afterByNow[r] = k;
    else afterDeleted.set(b.id(k), k);
  }
  const buckets = Object.fromEntries(MOVED_BUCKETS.map((k) => [k, new MovedBucketCollector(MOVED_LISTED)])) as Record<
    MovedBucket,
    MovedBucketCollector
  >;
  let startPipeline = 0;
  let endPipeline = 0;
  const seen = new Uint8Array(afterRows.size);

  const from = input.from?.deals;
  for (let i = 0; from && a && i < from.size; i++) {
    const r = a.nowRow(i);
    const k = r >= 0 ? afterByNow[r] : (afterDeleted.get(a.id(i)) ?? -1);
    if (k >= 0) seen[k] = 1;
    if (!matchesA(i) && !(k >= 0 && matchesB(k))) continue;
    const before = z(from.amountHome[i]);
    startPipeline += before;
    if (k >= 0 && b.open(k)) {
      const after = z(afterRows.amountHome[k]);
      endPipeline += after;
      const delta = after - before;
      const textA = amountText(from.amountHome[i]);
      const textB = amountText(afterRows.amountHome[k]);
      if (delta > 0) buckets.amountUp.add(delta, () => b.deal(k, textA, textB, delta));
      if (delta < 0) buckets.amountDown.add(delta, () => b.deal(k, textA, textB, delta));
      const ca = a.closing(i);
      const cb = b.closing(k);
      if (ca && cb && cb > ca) buckets.pushedOut.add(0, () => b.deal(k, ca, cb, 0));
      if (ca && cb && cb < ca) buckets.pulledIn.add(0, () => b.deal(k, ca, cb, 0));
      if (a.stage(i) !== b.stage(k)) {
        const forward = stageRank(afterRows, k) > stageRank(from, i);
        buckets[forward ? 'stageForward' : 'stageBackward'].add(0, () => b.deal(k, a.stage(i), b.stage(k), 0));
      }
      continue;
    }
    // Left the open pipeline: closed at `to`, or (for a past `to`) what the deal is now.
    const [fate, j] = k >= 0 ? [b, k] : r >= 0 ? [nowRows, r] : [null, -1];
    const gone = -before;
    if (fate && fate.won(j)) buckets.won.add(gone, () => fate.deal(j, a.stage(i), fate.stage(j), gone));
    else if (fate && !fate.open(j)) buckets.lost.add(gone, () => fate.deal(j, a.stage(i), fate.stage(j), gone));
    else if (fate) buckets.removed.add(gone, () => fate.deal(j, a.stage(i), fate.stage(j), gone));
    else buckets.removed.add(gone, () => a.deal(i, a.stage(i), 'deleted', gone));
  }
  for (let k = 0; k < afterRows.size; k++) {
    if (seen[k] || !b.open(k) || !matchesB(k)) continue;
    const after = z(afterRows.amountHome[k]);
    endPipeline += after;
    buckets.added.add(after, () => b.deal(k, null, amountText(afterRows.amountHome[k]), after));
  }
  return {
    homeCurrency: input.homeCurrency,
    fromDay: input.from?.day ?? null,
    toDay: input.to.day,
    firstDay: input.firstDay,
    startPipeline,
    endPipeline,
    buckets: Object.fromEntries(MOVED_BUCKETS.map((k) => [k, buckets[k].result()])) as WhatMoved['buckets'],
  };
}
