import type { CurrencyRepo } from '../currency/currency-repo';
import { recomputeHomeAmounts } from '../currency/recompute';
import type { SyncKv } from './state-kv';

const KEY = 'currency.home_used';

/**
 * Cached home amounts are only valid for the home currency they were computed in. When the
 * setting differs from the one last used, every deal is recomputed (one pass, no API call).
 * Returns the number of deals whose home amount changed.
 */
export function ensureHomeCurrency(kv: SyncKv, repo: CurrencyRepo, homeCurrency: string): number {
  const used = kv.get<string>(KEY);
  if (used === homeCurrency) return 0;
  const n = recomputeHomeAmounts(kv.sqlite, repo.rateTable(homeCurrency));
  kv.set(KEY, homeCurrency);
  return n;
}

/** After a recompute for other reasons (rates, overrides): remember which home currency it used. */
export function markHomeCurrency(kv: SyncKv, homeCurrency: string): void {
  kv.set(KEY, homeCurrency);
}
