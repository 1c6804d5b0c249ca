import type { DashboardView, Kpis, Slice } from '../../../src-shared/contract/dashboard-schemas';
import type { DashboardFilter } from '../../../src-shared/contract/schemas';
import { closingRange, PROBABILITY_BANDS } from '../../../src-shared/filters/deal-filter';
import { filterClosingRange } from './deal-filters';
import type { Fact } from './deal-facts-cache';
import { dealMatcher, withoutClosing } from './deal-matcher';

export interface DashboardInput {
  /** Every cached deal. */
  deals: readonly Fact[];
  filter: DashboardFilter;
  today: string;
  homeCurrency: string;
  /** The CRM's stage order; stages it does not know follow by probability. */
  stageOrder: readonly string[];
  /** The snapshot nearest 7 days ago (open deals only), if any. */
  previous: { day: string; deals: readonly Fact[] } | null;
}

const weightOf = (d: Fact) => ((d.amountHome ?? 0) * (d.probability ?? 0)) / 100;

/** The headline figures over deals that already passed the filter (docs/dashboard.md#kpis). */
export function kpisOf(deals: readonly Fact[], today: string, knowsClosed = true): Kpis {
  const month = closingRange('thisMonth', today)!;
  const quarter = closingRange('thisQuarter', today)!;
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
  for (const d of deals) {
    if (!d.open) {
      if (d.won && d.closingDate && d.closingDate >= quarter.from! && d.closingDate <= quarter.to!) {
        won += d.amountHome ?? 0;
        wonCount++;
      }
      continue;
    }
    openCount++;
    if (d.amountHome !== null) {
      pipeline += d.amountHome;
      weighted += weightOf(d);
      converted++;
    }
    if (d.probability !== null) {
      probSum += d.probability;
      probCount++;
    }
    if (d.closingDate && d.closingDate >= month.from! && d.closingDate <= month.to!) {
      closing += d.amountHome ?? 0;
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

class Slices {
  private readonly map = new Map<string, Slice>();
  add(key: string, d: Fact) {
    let s = this.map.get(key);
    if (!s) this.map.set(key, (s = { key, count: 0, amount: 0, weighted: 0 }));
    s.count++;
    s.amount += d.amountHome ?? 0;
    s.weighted += weightOf(d);
  }
  /** Largest amount first. */
  byAmount(): Slice[] {
    return [...this.map.values()].sort((a, b) => b.amount - a.amount || a.key.localeCompare(b.key));
  }
  byKey(): Slice[] {
    return [...this.map.values()].sort((a, b) => a.key.localeCompare(b.key));
  }
  get(key: string): Slice | undefined {
    return this.map.get(key);
  }
}

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

/**
 * The whole Dashboard for a filter in one pass over the cached deals: KPIs and their change since
 * the snapshot of 7 days ago, the breakdowns (open deals), the closing months, the country ×
 * probability-band pivot, the per-owner figures, and the deals left out for having no real closing date.
 */
export function dashboardView(input: DashboardInput): DashboardView {
  const { filter, today } = input;
  const matches = dealMatcher(filter, today);
  const matchesOtherTerms = dealMatcher(withoutClosing(filter), today);
  const rangeApplied = filterClosingRange(filter, today) !== null;
  const selected: Fact[] = [];
  let noClosingDate = 0;
  let invalidClosingDate = 0;
  for (const d of input.deals) {
    if (matches(d)) selected.push(d);
    if (!d.validClosing) {
      if (!matchesOtherTerms(d)) continue;
      if (d.closingDate === null) noClosingDate++;
      else invalidClosingDate++;
    }
  }

  const stage = new Slices();
  const country = new Slices();
  const owner = new Slices();
  const service = new Slices();
  const month = new Slices();
  const pivot = new Map<string, { bands: Slices; total: Slices }>();
  const owners = new Map<string, DashboardView['owners'][number]>();
  const maxProb = new Map<string, number>();
  const quarter = closingRange('thisQuarter', today)!;
  let unconvertedCount = 0;
  for (const d of selected) {
    const ownerKey = d.ownerName ?? NONE;
    let o = owners.get(ownerKey);
    if (!o) {
      o = { owner: ownerKey, openCount: 0, pipeline: 0, weighted: 0, wonThisQuarter: 0, wonThisQuarterCount: 0 };
      owners.set(ownerKey, o);
    }
    if (!d.open) {
      if (d.won && d.closingDate && d.closingDate >= quarter.from! && d.closingDate <= quarter.to!) {
        o.wonThisQuarter += d.amountHome ?? 0;
        o.wonThisQuarterCount++;
      }
      continue;
    }
    if (d.amount !== null && d.amountHome === null) unconvertedCount++;
    o.openCount++;
    o.pipeline += d.amountHome ?? 0;
    o.weighted += weightOf(d);
    const stageKey = d.stage ?? NONE;
    stage.add(stageKey, d);
    maxProb.set(stageKey, Math.max(maxProb.get(stageKey) ?? -1, d.probability ?? -1));
    country.add(d.country ?? NONE, d);
    owner.add(ownerKey, d);
    // A deal with several service lines counts in each of them.
    if (d.lines.length === 0) service.add(NONE, d);
    for (const line of d.lines) service.add(line, d);
    if (d.month) month.add(d.month, d);
    const band = d.band;
    const countryKey = d.country ?? NONE;
    let p = pivot.get(countryKey);
    if (!p) pivot.set(countryKey, (p = { bands: new Slices(), total: new Slices() }));
    if (band) p.bands.add(band, d);
    p.total.add('total', d);
  }

  const previous = input.previous
    ? {
        day: input.previous.day,
        kpis: kpisOf(
          input.previous.deals.filter((d) => matches(d)),
          today,
          false,
        ),
      }
    : null;

  return {
    homeCurrency: input.homeCurrency,
    today,
    totalDeals: input.deals.length,
    matching: selected.length,
    kpis: kpisOf(selected, today),
    previous,
    unconvertedCount,
    noClosingDate,
    invalidClosingDate,
    closingRangeApplied: rangeApplied,
    byStage: funnelOrder(stage.byAmount(), input.stageOrder, maxProb),
    byCountry: country.byAmount(),
    byOwner: owner.byAmount(),
    byServiceLine: service.byAmount(),
    byMonth: month.byKey(),
    pivot: [...pivot.entries()]
      .map(([c, p]) => ({
        country: c,
        bands: Object.fromEntries(
          PROBABILITY_BANDS.flatMap((b) => {
            const s = p.bands.get(b.id);
            return s ? [[b.id, s]] : [];
          }),
        ),
        total: p.total.get('total')!,
      }))
      .sort((a, b) => b.total.amount - a.total.amount),
    owners: [...owners.values()].sort((a, b) => b.pipeline - a.pipeline || a.owner.localeCompare(b.owner)),
  };
}
