import type { CurrencyRates } from '../../../../src-shared/contract/sync-schemas';
import { convertToHome } from '../../currency/convert';
import type { CoreContext } from '../../core-context';
import { KV } from '../../sync/state-kv';
import type { HandlerGroup } from '../handler-types';

/** Org rates, the user's overrides, and how many cached deals each currency (and "unknown") has. */
export function currencyHandlers(
  ctx: CoreContext,
): HandlerGroup<'currency.rates' | 'currency.setOverride' | 'currency.clearOverride'> {
  const repo = ctx.sync.engine.currency;

  async function rates(): Promise<CurrencyRates> {
    const { homeCurrency } = await ctx.settings.get();
    const table = repo.rateTable(homeCurrency);
    const counts = new Map(
      (
        ctx.store.sqlite
          .prepare("SELECT coalesce(currency, '') AS c, count(*) AS n FROM deals GROUP BY currency")
          .all() as { c: string; n: number }[]
      ).map((r) => [r.c, r.n]),
    );
    const unknownDeals = ctx.store.sqlite
      .prepare("SELECT count(*) FROM deals WHERE rate_source = 'unknown'")
      .pluck()
      .get() as number;
    const org = repo.orgCurrencies();
    const codes = [
      ...new Set([
        homeCurrency,
        ...org.map((c) => c.isoCode),
        ...table.overrides.keys(),
        ...[...counts.keys()].filter(Boolean),
      ]),
    ];
    return {
      homeCurrency,
      baseCurrency: table.baseCurrency,
      refreshedAt: ctx.sync.engine.kv.get<string>(KV.currenciesRefreshedAt) ?? null,
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
      unknownDeals,
    };
  }

  return {
    async 'currency.rates'() {
      return rates();
    },
    async 'currency.setOverride'({ isoCode, rate }) {
      repo.setOverride(isoCode, rate);
      await ctx.sync.recompute();
      return rates();
    },
    async 'currency.clearOverride'({ isoCode }) {
      if (repo.clearOverride(isoCode)) await ctx.sync.recompute();
      return rates();
    },
  };
}
