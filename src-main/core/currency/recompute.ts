import type { Database } from 'better-sqlite3';
import type { DealsTable } from '../store/schema';
import { convertToHome, homePerBase, type RateTable } from './convert';

/**
 * Re-derives amount_home / home_rate / rate_source for every cached deal after the rate table
 * changed (new org rates, an override, another home currency). Reads the deal's own
 * Exchange_Rate from the typed column, so no JSON is parsed. Returns how many rows changed.
 */
export function recomputeHomeAmounts(sqlite: Database, table: RateTable): number {
  const rows = sqlite
    .prepare<
      [],
      Pick<DealsTable, 'id' | 'amount' | 'currency' | 'exchange_rate' | 'amount_home' | 'home_rate' | 'rate_source'>
    >('SELECT id, amount, currency, exchange_rate, amount_home, home_rate, rate_source FROM deals')
    .all();
  const upd = sqlite.prepare('UPDATE deals SET amount_home = ?, home_rate = ?, rate_source = ? WHERE id = ?');
  const hpb = homePerBase(table);
  let changed = 0;
  sqlite.transaction(() => {
    for (const r of rows) {
      const c = convertToHome(r.amount, r.currency, r.exchange_rate, table, hpb);
      if (c.amountHome === r.amount_home && c.rate === r.home_rate && c.source === r.rate_source) continue;
      upd.run(c.amountHome, c.rate, c.source, r.id);
      changed++;
    }
  })();
  return changed;
}
