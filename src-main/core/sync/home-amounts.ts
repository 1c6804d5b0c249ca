import type { CurrencyRepo } from '../currency/currency-repo';
import { recomputeHomeAmounts } from '../currency/recompute';
import { Hook } from '../events/hook';
import type { SyncKv } from './state-kv';

const HOME_USED = 'currency.home_used';

/**
 * Records which home currency the cached home amounts are in (after a recompute, or after deals
 * were written with that currency's rates, e.g. an import).
 */
export function markHomeCurrency(kv: SyncKv, homeCurrency: string): void {
  kv.set(HOME_USED, homeCurrency);
}

/**
 * The cached deals' home-currency amounts, re-derived when the rate table changes: new org rates
 * (a sync's metadata refresh), an override, another home currency. The one place that rewrites
 * them, so the one source of `events.changed` ("any deal's home amount may have moved"): the O2R cache
 * recomputes, the renderer reloads.
 */
export class HomeAmounts {
  readonly events = { changed: new Hook<{ deals: number }>() };

  constructor(
    private readonly kv: SyncKv,
    private readonly currency: CurrencyRepo,
  ) {}

  /** Recomputes every deal with the current rates. Returns how many home amounts changed. */
  recompute(homeCurrency: string): number {
    const n = recomputeHomeAmounts(this.kv.sqlite, this.currency.rateTable(homeCurrency));
    markHomeCurrency(this.kv, homeCurrency);
    if (n > 0) this.events.changed.emit({ deals: n });
    return n;
  }

  /**
   * Cached home amounts are only valid for the home currency they were computed in: when the
   * setting differs from the one last used, every deal is recomputed (one pass, no API call).
   */
  ensure(homeCurrency: string): number {
    return this.kv.get<string>(HOME_USED) === homeCurrency ? 0 : this.recompute(homeCurrency);
  }
}
