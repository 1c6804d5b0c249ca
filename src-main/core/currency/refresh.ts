import type { ZohoApi } from '../zoho/zoho-api';
import type { CurrencyRepo, OrgCurrency } from './currency-repo';

/** Org rates change rarely; one call a day keeps them fresh without spending credits. */
export const CURRENCY_REFRESH_MS = 24 * 3600_000;

interface CurrenciesBody {
  currencies?: {
    iso_code?: string;
    name?: string;
    exchange_rate?: string | number;
    is_base?: boolean;
    is_active?: boolean;
  }[];
}

/** Fetches `/crm/v8/org/currencies` and stores it. Returns true when the rate table changed. */
export async function fetchOrgCurrencies(api: ZohoApi, repo: CurrencyRepo, signal?: AbortSignal): Promise<boolean> {
  const res = await api.request<CurrenciesBody>({ path: '/crm/v8/org/currencies', signal });
  const list: OrgCurrency[] = [];
  for (const c of res.data?.currencies ?? []) {
    const rate = Number(c.exchange_rate);
    if (!c.iso_code || !Number.isFinite(rate) || rate <= 0) continue;
    list.push({
      isoCode: c.iso_code,
      name: c.name ?? null,
      exchangeRate: rate,
      isBase: Boolean(c.is_base),
      isActive: c.is_active !== false,
    });
  }
  if (list.length === 0) return false; // a single-currency org answers with nothing useful: keep what we have
  return repo.replaceOrgCurrencies(list);
}
