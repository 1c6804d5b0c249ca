import type { Database } from 'better-sqlite3';
import type { CurrenciesTable, CurrencyOverridesTable } from '../store/schema';
import type { RateTable } from './convert';

export interface OrgCurrency {
  isoCode: string;
  name: string | null;
  /** Units per one org base unit. */
  exchangeRate: number;
  isBase: boolean;
  isActive: boolean;
}

/**
 * The org's currencies and the user's overrides, on the raw connection: ingest reads the rate
 * table synchronously inside its transaction, so this repository is synchronous too.
 */
export class CurrencyRepo {
  constructor(private readonly sqlite: Database) {}

  orgCurrencies(): OrgCurrency[] {
    const rows = this.sqlite
      .prepare<[], CurrenciesTable>('SELECT * FROM currencies ORDER BY is_base DESC, iso_code')
      .all();
    return rows.map((r) => ({
      isoCode: r.iso_code,
      name: r.name,
      exchangeRate: r.exchange_rate,
      isBase: r.is_base === 1,
      isActive: r.is_active === 1,
    }));
  }

  /** Replaces the org currency list in one transaction; true when any rate or the base changed. */
  replaceOrgCurrencies(list: OrgCurrency[], at = new Date().toISOString()): boolean {
    const before = JSON.stringify(this.orgCurrencies().map((c) => [c.isoCode, c.exchangeRate, c.isBase]));
    const ins = this.sqlite.prepare(
      'INSERT INTO currencies (iso_code, name, exchange_rate, is_base, is_active, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.sqlite.transaction(() => {
      this.sqlite.prepare('DELETE FROM currencies').run();
      for (const c of list) ins.run(c.isoCode, c.name, c.exchangeRate, c.isBase ? 1 : 0, c.isActive ? 1 : 0, at);
    })();
    const after = JSON.stringify(this.orgCurrencies().map((c) => [c.isoCode, c.exchangeRate, c.isBase]));
    return before !== after;
  }

  overrides(): Map<string, number> {
    const rows = this.sqlite
      .prepare<[], Pick<CurrencyOverridesTable, 'iso_code' | 'rate'>>('SELECT iso_code, rate FROM currency_overrides')
      .all();
    return new Map(rows.map((r) => [r.iso_code, r.rate]));
  }

  setOverride(isoCode: string, rate: number): void {
    this.sqlite
      .prepare(
        `INSERT INTO currency_overrides (iso_code, rate, updated_at)
         VALUES (?, ?, ?)
         ON CONFLICT(iso_code) DO UPDATE SET rate = excluded.rate, updated_at = excluded.updated_at`,
      )
      .run(isoCode, rate, new Date().toISOString());
  }

  clearOverride(isoCode: string): boolean {
    return this.sqlite.prepare('DELETE FROM currency_overrides WHERE iso_code = ?').run(isoCode).changes > 0;
  }

  /** Cached deals per currency code ('' for deals without one). */
  dealCountsByCurrency(): Map<string, number> {
    const rows = this.sqlite
      .prepare<[], { c: string; n: number }>(
        "SELECT coalesce(currency, '') AS c, count(*) AS n FROM deals GROUP BY currency",
      )
      .all();
    return new Map(rows.map((r) => [r.c, r.n]));
  }

  /** Cached deals in a currency with no known rate (left out of every sum). */
  unknownRateDealCount(): number {
    return this.sqlite.prepare("SELECT count(*) FROM deals WHERE rate_source = 'unknown'").pluck().get() as number;
  }

  rateTable(homeCurrency: string): RateTable {
    const org = this.orgCurrencies();
    return {
      homeCurrency,
      baseCurrency: org.find((c) => c.isBase)?.isoCode ?? null,
      orgRates: new Map(org.map((c) => [c.isoCode, c.exchangeRate])),
      overrides: this.overrides(),
    };
  }
}
