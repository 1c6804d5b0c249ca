import type { DashboardView, Kpis, Slice } from '../../../src-shared/contract/dashboard-schemas';
import type { DashboardFilter } from '../../../src-shared/contract/schemas';
import { closingRange, PROBABILITY_BANDS } from '../../../src-shared/filters/deal-filter';
import type { ClosingDict, DealRows, DealTable, Dict } from './deals-in-columns';
import { filterClosingRange } from './deal-filters';
import { compileFilter, serviceLinesOf, withoutClosing } from './row-filter';

export interface DashboardInput {
  /** Every cached deal, in columns. */
  deals: DealTable;
  filter: DashboardFilter;
  today: string;
  homeCurrency: string;
  /** The CRM's stage order; stages it does not know follow by probability. */
  stageOrder: readonly string[];
  /** The snapshot nearest 7 days ago (open deals only), if any. */
  previous: { day: string; deals: DealRows } | null;
}

/** A number column's value, 0 for none (NaN). */
const z = (v: number) => (v === v ? v : 0);

/** Per closing date: within this month, within this quarter (the KPIs' windows). */
function closingWindows(closings: ClosingDict, today: string) {
  return {
    month: closings.within(closingRange('thisMonth', today)!),
    quarter: closings.within(closingRange('thisQuarter', today)!),
  };
}

/** The headline figures over the rows `selected` says passed the filter (docs/dashboard.md#kpis). */
export function kpisOf(rows: DealRows, selected: (i: number) => boolean, today: string, knowsClosed = true): Kpis {
  const { month, quarter } = closingWindows(rows.closings, today);
  const { open: isOpen, won: isWon } = rows.stages;
  let pipeline = 0;
  let weighted = 0;
  let openCount = 0;
  let converted = 0;
  let probSum = 0;
  let probCount = 0;
  let won = 0;
  let wonCount = 0;
  let closing = 0;
  let closingCount = 0;
  for (let i = 0; i < rows.size; i++) {
    if (!selected(i)) continue;
    const s = rows.stage[i];
    const c = rows.closing[i];
    const home = rows.amountHome[i];
    if (!isOpen[s]) {
      if (isWon[s] && quarter[c]) {
        won += z(home);
        wonCount++;
      }
      continue;
    }
    openCount++;
    const p = rows.probability[i];
    if (home === home) {
      pipeline += home;
      weighted += (home * z(p)) / 100;
      converted++;
    }
    if (p === p) {
      probSum += p;
      probCount++;
    }
    if (month[c]) {
      closing += z(home);
      closingCount++;
    }
  }
  return {
    pipeline,
    weighted,
    openCount,
    avgDealSize: converted ? pipeline / converted : null,
    avgProbability: probCount ? probSum / probCount : null,
    wonThisQuarter: knowsClosed ? won : null,
    wonThisQuarterCount: knowsClosed ? wonCount : null,
    closingThisMonth: closing,
    closingThisMonthCount: closingCount,
  };
}

/** Count, amount and weighted amount per code of a dictionary column (open deals). */
class CodeSums {
  readonly count: Float64Array;
  readonly amount: Float64Array;
  readonly weighted: Float64Array;
  constructor(size: number) {
    this.count = new Float64Array(size);
    this.amount = new Float64Array(size);
    this.weighted = new Float64Array(size);
  }
  add(code: number, home: number, weight: number) {
    this.count[code]++;
    this.amount[code] += home;
    this.weighted[code] += weight;
  }
  /** The slices by key (several codes may share one: months of dates, lines of a multi-select). */
  slices(keysOf: (code: number) => readonly string[]): Map<string, Slice> {
    const out = new Map<string, Slice>();
    for (let c = 0; c < this.count.length; c++) {
      if (!this.count[c]) continue;
      for (const key of keysOf(c)) {
        let s = out.get(key);
        if (!s) out.set(key, (s = { key, count: 0, amount: 0, weighted: 0 }));
        s.count += this.count[c];
        s.amount += this.amount[c];
        s.weighted += this.weighted[c];
      }
    }
    return out;
  }
}

/** Largest amount first. */
const byAmount = (m: Map<string, Slice>) =>
  [...m.values()].sort((a, b) => b.amount - a.amount || a.key.localeCompare(b.key));
const byKey = (m: Map<string, Slice>) => [...m.values()].sort((a, b) => a.key.localeCompare(b.key));
const keyOf = (dict: Dict) => (c: number) => [dict.values[c] ?? NONE];

/** The stages in funnel order: the CRM's sequence first, then unknown stages by their highest probability. */
function funnelOrder(slices: Slice[], stageOrder: readonly string[], maxProb: Map<string, number>): Slice[] {
  const rank = new Map(stageOrder.map((s, i) => [s, i]));
  return slices.sort(
    (a, b) =>
      (rank.get(a.key) ?? 1e6) - (rank.get(b.key) ?? 1e6) ||
      (maxProb.get(a.key) ?? -1) - (maxProb.get(b.key) ?? -1) ||
      a.key.localeCompare(b.key),
  );
}

export const NONE = '(none)';
const BANDS = PROBABILITY_BANDS.length;
/** The pivot band a probability falls in (bandOf in deal-filter.ts, without a closure per deal), or -1. */
function bandAt(p: number): number {
  for (let j = 0; j < BANDS; j++) if (p >= PROBABILITY_BANDS[j].min && p <= PROBABILITY_BANDS[j].max) return j;
  return -1;
}

/**
 * The whole Dashboard for a filter in one pass over the deals' columns: KPIs and their change since
 * the snapshot of 7 days ago, the breakdowns (open deals), the closing months, the country ×
 * probability-band pivot, the per-owner figures, and the deals left out for having no real closing
 * date. Sums are kept per dictionary code (an owner, a stage…) in typed arrays and named at the end.
 */
export function dashboardView(input: DashboardInput): DashboardView {
  const { filter, today, deals } = input;
  const compiled = compileFilter(filter, today, deals);
  const matches = compiled.rows(deals);
  const rangeApplied = filterClosingRange(filter, today) !== null;
  const matchesOtherTerms = rangeApplied ? compileFilter(withoutClosing(filter), today, deals).rows(deals) : matches;
  const { open: isOpen, won: isWon } = deals.stages;
  const { valid } = deals.closings;
  const { quarter } = closingWindows(deals.closings, today);
  const selected = new Uint8Array(deals.size);
  let matching = 0;
  let noClosingDate = 0;
  let invalidClosingDate = 0;
  let unconvertedCount = 0;

  const stage = new CodeSums(deals.stages.size);
  const maxProb = new Float64Array(deals.stages.size).fill(-1);
  const country = new CodeSums(deals.countries.size);
  const owner = new CodeSums(deals.owners.size);
  const service = new CodeSums(deals.serviceLines.size);
  const month = new CodeSums(deals.closings.size);
  // Per country: one slice per band, then the country's total.
  const pivot = new CodeSums(deals.countries.size * (BANDS + 1));
  const won = new Float64Array(deals.owners.size);
  const wonCount = new Float64Array(deals.owners.size);
  const ownerSeen = new Uint8Array(deals.owners.size);

  for (let i = 0; i < deals.size; i++) {
    const c = deals.closing[i];
    if (!valid[c] && matchesOtherTerms(i)) {
      if (c === 0) noClosingDate++;
      else invalidClosingDate++;
    }
    if (!matches(i)) continue;
    selected[i] = 1;
    matching++;
    const o = deals.owner[i];
    ownerSeen[o] = 1;
    const s = deals.stage[i];
    const home = z(deals.amountHome[i]);
    if (!isOpen[s]) {
      if (isWon[s] && quarter[c]) {
        won[o] += home;
        wonCount[o]++;
      }
      continue;
    }
    const p = deals.probability[i];
    if (deals.amount[i] === deals.amount[i] && deals.amountHome[i] !== deals.amountHome[i]) unconvertedCount++;
    const weight = (home * z(p)) / 100;
    stage.add(s, home, weight);
    if (p > maxProb[s]) maxProb[s] = p; // NaN (none) counts as -1, the start
    country.add(deals.country[i], home, weight);
    owner.add(o, home, weight);
    service.add(deals.serviceLine[i], home, weight);
    if (valid[c]) month.add(c, home, weight);
    const band = bandAt(p);
    const base = deals.country[i] * (BANDS + 1);
    if (band >= 0) pivot.add(base + band, home, weight);
    pivot.add(base + BANDS, home, weight);
  }

  const stageSlices = stage.slices(keyOf(deals.stages));
  const maxProbByKey = new Map<string, number>();
  for (let s = 0; s < deals.stages.size; s++)
    if (stage.count[s]) maxProbByKey.set(deals.stages.values[s] ?? NONE, maxProb[s]);
  const lineKeys = (c: number) => {
    const lines = serviceLinesOf({ serviceLine: deals.serviceLines.values[c] });
    return lines.length ? lines : [NONE];
  };
  const ownerRows = new Map<string, DashboardView['owners'][number]>();
  for (let o = 0; o < deals.owners.size; o++) {
    if (!ownerSeen[o]) continue;
    const key = deals.owners.values[o] ?? NONE;
    const row = ownerRows.get(key) ?? {
      owner: key,
      openCount: 0,
      pipeline: 0,
      weighted: 0,
      wonThisQuarter: 0,
      wonThisQuarterCount: 0,
    };
    row.openCount += owner.count[o];
    row.pipeline += owner.amount[o];
    row.weighted += owner.weighted[o];
    row.wonThisQuarter += won[o];
    row.wonThisQuarterCount += wonCount[o];
    ownerRows.set(key, row);
  }
  const pivotRows: DashboardView['pivot'] = [];
  for (let k = 0; k < deals.countries.size; k++) {
    const slice = (j: number, key: string): Slice => {
      const at = k * (BANDS + 1) + j;
      return { key, count: pivot.count[at], amount: pivot.amount[at], weighted: pivot.weighted[at] };
    };
    const total = slice(BANDS, 'total');
    if (!total.count) continue;
    pivotRows.push({
      country: deals.countries.values[k] ?? NONE,
      bands: Object.fromEntries(
        PROBABILITY_BANDS.flatMap((b, j) => (pivot.count[k * (BANDS + 1) + j] ? [[b.id, slice(j, b.id)]] : [])),
      ),
      total,
    });
  }

  const previous = input.previous
    ? {
        day: input.previous.day,
        kpis: kpisOf(input.previous.deals, compiled.rows(input.previous.deals), today, false),
      }
    : null;

  return {
    homeCurrency: input.homeCurrency,
    today,
    totalDeals: deals.size,
    matching,
    kpis: kpisOf(deals, (i) => selected[i] === 1, today),
    previous,
    unconvertedCount,
    noClosingDate,
    invalidClosingDate,
    closingRangeApplied: rangeApplied,
    byStage: funnelOrder(byAmount(stageSlices), input.stageOrder, maxProbByKey),
    byCountry: byAmount(country.slices(keyOf(deals.countries))),
    byOwner: byAmount(owner.slices(keyOf(deals.owners))),
    byServiceLine: byAmount(service.slices(lineKeys)),
    byMonth: byKey(month.slices((c) => [deals.closings.months[c]!])),
    pivot: pivotRows.sort((a, b) => b.total.amount - a.total.amount),
    owners: [...ownerRows.values()].sort((a, b) => b.pipeline - a.pipeline || a.owner.localeCompare(b.owner)),
  };
}
