import { ValidationError } from '../../../src-shared/contract/errors';
import type { CurrencyRates } from '../../../src-shared/contract/sync-schemas';
import type { SettingsRepo } from '../settings/settings-repo';
import { convertToHome } from './convert';
import type { CurrencyRepo } from './currency-repo';

export interface CurrencyServiceOptions {
  repo: CurrencyRepo;
  settings: SettingsRepo;
  /** When the org's rates were last read from Zoho (the sync refreshes them daily). */
  refreshedAt: () => string | null;
  /** Re-derives every home amount after a rate changed (HomeAmounts, which announces it). */
  recompute: () => number;
}

/**
 * The Settings → Currency screen's data: the org's rates, the user's overrides (units of that
 * currency per 1 home unit), the rate each currency really converts with, and how many cached
 * deals each currency (and "no known rate") has. An override change recomputes every home amount.
 */
export class CurrencyService {
  constructor(private readonly opts: CurrencyServiceOptions) {}

  rates(): CurrencyRates {
    const { repo } = this.opts;
    const { homeCurrency } = this.opts.settings.get();
    const table = repo.rateTable(homeCurrency);
    const counts = repo.dealCountsByCurrency();
    const org = repo.orgCurrencies();
    const codes = [
      ...new Set([homeCurrency, ...org.map((c) => c.isoCode), ...table.overrides.keys(), ...counts.keys()]),
    ].filter(Boolean);
    return {
      homeCurrency,
      baseCurrency: table.baseCurrency,
      refreshedAt: this.opts.refreshedAt(),
      currencies: codes.map((iso) => {
        const c = convertToHome(1, iso, null, table);
        return {
          isoCode: iso,
          name: org.find((o) => o.isoCode === iso)?.name ?? null,
          orgRate: table.orgRates.get(iso) ?? null,
          override: table.overrides.get(iso) ?? null,
          effectiveRate: c.rate,
          source: c.source,
          dealCount: counts.get(iso) ?? 0,
        };
      }),
      unknownDeals: repo.unknownRateDealCount(),
    };
  }

  /** An override only for one of the org's currencies (or one a cached deal is in: the org's list may lag). */
  setOverride(isoCode: string, rate: number): CurrencyRates {
    const known = this.knownCurrencies();
    if (!known.includes(isoCode))
      throw new ValidationError(
        `Invalid arguments for currency.setOverride: isoCode: not one of this org's currencies`,
        {
          isoCode: known.length
            ? `${isoCode} is not one of this org's currencies (${known.join(', ')})`
            : 'the org’s currencies are not known yet: sync first',
        },
      );
    this.opts.repo.setOverride(isoCode, rate);
    this.opts.recompute();
    return this.rates();
  }

  private knownCurrencies(): string[] {
    const { repo } = this.opts;
    const fromDeals = [...repo.dealCountsByCurrency().keys()].filter(Boolean);
    return [...new Set([...repo.orgCurrencies().map((c) => c.isoCode), ...fromDeals])].sort();
  }

  clearOverride(isoCode: string): CurrencyRates {
    if (this.opts.repo.clearOverride(isoCode)) this.opts.recompute();
    return this.rates();
  }
}
