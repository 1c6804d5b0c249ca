import type { MovedBucket, MovedDeal, WhatMoved } from '../../../src-shared/contract/dashboard-schemas';
import { MOVED_BUCKETS } from '../../../src-shared/contract/dashboard-schemas';
import type { DashboardFilter } from '../../../src-shared/contract/schemas';
import { isOpenStage, isWonStage } from '../../../src-shared/filters/deal-filter';
import { dealMatcher, type DealFacts } from './deal-matcher';

export interface WhatMovedInput {
  /** The open deals of the earlier snapshot (null: no snapshot that old — everything counts as added). */
  from: { day: string; deals: readonly DealFacts[] } | null;
  /** The later state: the open deals of a snapshot, or every cached deal when `to` is today. */
  to: { day: string; deals: readonly DealFacts[]; isNow: boolean };
  /** Every cached deal now: tells what became of a deal that left the open pipeline. */
  now: ReadonlyMap<string, DealFacts>;
  firstDay: string | null;
  filter: DashboardFilter;
  today: string;
  homeCurrency: string;
  stageOrder: readonly string[];
}

const amountText = (v: number | null) => (v === null ? null : String(Math.round(v)));

/**
 * What moved between two days (docs/dashboard.md#what-moved), from local snapshots only. A deal is
 * in scope when it passes the filter at either end. The open pipeline's change adds up exactly:
 * end − start = added + (amount changes of deals open at both ends) − won − lost − removed, which the
 * waterfall draws. A deal can be in several "change" buckets (pushed out and amount down).
 */
export function whatMoved(input: WhatMovedInput): WhatMoved {
  const matches = dealMatcher(input.filter, input.today);
  const rank = new Map(input.stageOrder.map((s, i) => [s, i]));
  const stageRank = (d: DealFacts) => rank.get(d.stage ?? '') ?? d.probability ?? -1;
  const before = new Map((input.from?.deals ?? []).map((d) => [d.id, d]));
  const after = new Map(input.to.deals.map((d) => [d.id, d]));
  const buckets = Object.fromEntries(MOVED_BUCKETS.map((b) => [b, [] as MovedDeal[]])) as Record<
    MovedBucket,
    MovedDeal[]
  >;
  const put = (b: MovedBucket, d: DealFacts, beforeText: string | null, afterText: string | null, delta: number) =>
    buckets[b].push({ id: d.id, name: d.name, ownerName: d.ownerName, before: beforeText, after: afterText, delta });
  let startPipeline = 0;
  let endPipeline = 0;

  for (const [id, a] of before) {
    const b = after.get(id);
    const nowDeal = input.now.get(id);
    if (!matches(a) && !(b && matches(b))) continue;
    startPipeline += a.amountHome ?? 0;
    if (b && isOpenStage(b.stage)) {
      endPipeline += b.amountHome ?? 0;
      const delta = (b.amountHome ?? 0) - (a.amountHome ?? 0);
      if (delta > 0) put('amountUp', b, amountText(a.amountHome), amountText(b.amountHome), delta);
      if (delta < 0) put('amountDown', b, amountText(a.amountHome), amountText(b.amountHome), delta);
      if (a.closingDate && b.closingDate && b.closingDate > a.closingDate)
        put('pushedOut', b, a.closingDate, b.closingDate, 0);
      if (a.closingDate && b.closingDate && b.closingDate < a.closingDate)
        put('pulledIn', b, a.closingDate, b.closingDate, 0);
      if (a.stage !== b.stage) {
        const forward = stageRank(b) > stageRank(a);
        put(forward ? 'stageForward' : 'stageBackward', b, a.stage, b.stage, 0);
      }
      continue;
    }
    // Left the open pipeline: closed at `to`, or (for a past `to`) what the deal is now.
    const fate = b ?? nowDeal;
    const gone = -(a.amountHome ?? 0);
    if (fate && isWonStage(fate.stage)) put('won', fate, a.stage, fate.stage, gone);
    else if (fate && !isOpenStage(fate.stage)) put('lost', fate, a.stage, fate.stage, gone);
    else put('removed', fate ?? a, a.stage, fate ? fate.stage : 'deleted', gone);
  }
  for (const [id, b] of after) {
    if (before.has(id) || !isOpenStage(b.stage) || !matches(b)) continue;
    endPipeline += b.amountHome ?? 0;
    put('added', b, null, amountText(b.amountHome), b.amountHome ?? 0);
  }
  for (const list of Object.values(buckets)) list.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta));
  return {
    homeCurrency: input.homeCurrency,
    fromDay: input.from?.day ?? null,
    toDay: input.to.day,
    firstDay: input.firstDay,
    startPipeline,
    endPipeline,
    buckets,
  };
}
