/**
 * Converting a deal's amount to the user's home currency. Pure: the rate table is passed in, so
 * the same function serves ingest (100,000 deals a second) and the recompute after a rate change.
 *
 * Zoho's convention, kept everywhere: a rate is "units of this currency per ONE unit of the
 * reference currency". A deal's own `Exchange_Rate` and the org's `/org/currencies` rates are
 * relative to the org's base currency; user overrides are relative to the home currency (that is
 * how a user reads "1 SGD = 0.74 USD"). When home ≠ base, org and deal rates go through the base.
 */
export type RateSource = 'home' | 'override' | 'deal' | 'org' | 'unknown';

export interface RateTable {
  homeCurrency: string;
  /** The org's base ("home" in Zoho's words) currency; null until currencies were fetched. */
  baseCurrency: string | null;
  /** Units of each currency per one base unit (from /org/currencies). */
  orgRates: ReadonlyMap<string, number>;
  /** User overrides: units of each currency per one home-currency unit. */
  overrides: ReadonlyMap<string, number>;
}

export interface Conversion {
  amountHome: number | null;
  /** Units of the deal currency per one home unit; null when unknown. */
  rate: number | null;
  source: RateSource;
}

const UNKNOWN: Conversion = { amountHome: null, rate: null, source: 'unknown' };
const positive = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x > 0;

/** Units of home currency per one base unit, or null when the home currency cannot be reached. */
export function homePerBase(t: RateTable): number | null {
  if (t.baseCurrency === null || t.homeCurrency === t.baseCurrency) return 1;
  const viaOrg = t.orgRates.get(t.homeCurrency);
  if (positive(viaOrg)) return viaOrg;
  // No org rate for the home currency: an override of the base currency gives the same link.
  const baseOverride = t.overrides.get(t.baseCurrency);
  return positive(baseOverride) ? 1 / baseOverride : null;
}

/**
 * The home-currency amount of a deal. `currency` null means the record had no Currency field:
 * that is only safe to read as the base currency when the org has a single currency; otherwise
 * the deal is flagged unknown (never silently counted as home currency).
 */
export function convertToHome(
  amount: number | null,
  currency: string | null,
  dealRate: unknown,
  t: RateTable,
  hpb = homePerBase(t),
): Conversion {
  const cur = currency ?? (t.orgRates.size <= 1 ? (t.baseCurrency ?? t.homeCurrency) : null);
  if (cur === null) return UNKNOWN;
  let rate: number;
  let source: RateSource;
  if (cur === t.homeCurrency) {
    rate = 1;
    source = 'home';
  } else if (positive(t.overrides.get(cur))) {
    rate = t.overrides.get(cur)!;
    source = 'override';
  } else {
    if (hpb === null) return UNKNOWN;
    if (positive(dealRate)) {
      rate = dealRate / hpb;
      source = 'deal';
    } else if (cur === t.baseCurrency) {
      rate = 1 / hpb;
      source = 'org';
    } else if (positive(t.orgRates.get(cur))) {
      rate = t.orgRates.get(cur)! / hpb;
      source = 'org';
    } else return UNKNOWN;
  }
  const amountHome = amount === null ? null : amount / rate;
  // A rate stored before rates were bounded (or a corrupt one) must never yield Infinity or NaN:
  // such a deal is flagged like one without a rate, never summed.
  if (!Number.isFinite(rate) || (amountHome !== null && !Number.isFinite(amountHome))) return UNKNOWN;
  return { amountHome, rate, source };
}
