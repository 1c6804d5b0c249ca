import type { Database } from 'better-sqlite3';
import { rowOf, type Codes, type DealTable, type Dict } from './deals-in-columns';

/**
 * The Deals table's sort orders as Uint32Arrays of rows, in the SQL list's order (deals-repo.ts):
 * empty values last whichever the direction, then the value (SQLite's BINARY order for text: UTF-8
 * bytes; numbers as numbers), then the id ascending. A column held as dictionary codes or numbers
 * is a counting sort of the rows in id order by the value's rank (a few ms for a million rows);
 * free text (the name) is sorted by SQLite itself.
 */

/** Maps the rowids of a query (in its order) to rows of `deals`. */
function rowsOf(deals: DealTable, rowids: Iterable<number>): Uint32Array {
  const out = new Uint32Array(deals.size);
  let n = 0;
  for (const rowid of rowids) {
    const r = rowOf(deals, rowid);
    if (r >= 0 && n < out.length) out[n++] = r;
  }
  return n === out.length ? out : out.slice(0, n);
}

/** Every row in id order (SQLite walks its primary-key index: no sort). */
export function idOrder(sqlite: Database, deals: DealTable): Uint32Array {
  return rowsOf(deals, sqlite.prepare<[], number>('SELECT rowid FROM deals ORDER BY id').pluck().iterate());
}

/** Rows ordered by a column SQLite sorts (`column` is one of deals-repo.ts's, never user text). */
export function sqlOrder(sqlite: Database, deals: DealTable, column: string, descending: boolean): Uint32Array {
  const sql = `SELECT rowid FROM deals ORDER BY ${column} IS NULL, ${column} ${descending ? 'DESC' : ''}, id`;
  return rowsOf(deals, sqlite.prepare<[], number>(sql).pluck().iterate());
}

/** `base` stably reordered by `key(row)` (0 … buckets-1). */
export function countingSort(base: Uint32Array, key: (row: number) => number, buckets: number): Uint32Array {
  const keys = new Uint32Array(base.length);
  const starts = new Uint32Array(buckets + 1);
  for (let j = 0; j < base.length; j++) starts[(keys[j] = key(base[j])) + 1]++;
  for (let k = 1; k <= buckets; k++) starts[k] += starts[k - 1];
  const out = new Uint32Array(base.length);
  for (let j = 0; j < base.length; j++) out[starts[keys[j]]++] = base[j];
  return out;
}

/** Each code's place among the dictionary's values in BINARY order; null (code 0) last. */
function dictRanks(dict: Dict, descending: boolean): Uint32Array {
  const bytes = dict.values.map((v) => (v === null ? null : Buffer.from(v, 'utf8')));
  const codes = dict.values.map((_, c) => c).filter((c) => c !== 0);
  codes.sort((a, b) => Buffer.compare(bytes[a]!, bytes[b]!));
  if (descending) codes.reverse();
  const ranks = new Uint32Array(dict.size);
  codes.forEach((c, i) => (ranks[c] = i));
  ranks[0] = dict.size - 1;
  return ranks;
}

/** Rows ordered by a dictionary column. */
export function dictOrder(byId: Uint32Array, dict: Dict, codes: Codes, descending: boolean): Uint32Array {
  const ranks = dictRanks(dict, descending);
  return countingSort(byId, (r) => ranks[codes[r]], dict.size);
}

/** Rows ordered by a number column (NaN is none). */
export function numberOrder(byId: Uint32Array, values: Float64Array, descending: boolean): Uint32Array {
  const distinct = Float64Array.from(values).sort(); // NaN sorts last
  let k = 0;
  for (let j = 0; j < distinct.length; j++)
    if (distinct[j] === distinct[j] && (k === 0 || distinct[j] !== distinct[k - 1])) distinct[k++] = distinct[j];
  const rankOf = (v: number) => {
    if (v !== v) return k;
    let lo = 0;
    let hi = k - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (distinct[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return descending ? k - 1 - lo : lo;
  };
  return countingSort(byId, (r) => rankOf(values[r]), k + 1);
}
