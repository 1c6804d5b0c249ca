import type { Database } from 'better-sqlite3';
import { readAhead } from './read-ahead';

/**
 * Rows per statement: one call into SQLite per batch where `iterate()` makes one per row (~20 %
 * of reading every deal at 1,000,000), and 256 short arrays still die young in V8's young
 * generation (2,000-row batches of objects outlived it, ARCHITECTURE.md "O2R").
 */
export const ROWID_BATCH = 256;

/**
 * Every row of `table` as arrays of the `columns` asked for, then the row's rowid (last), in rowid
 * order, `ROWID_BATCH` rows a statement: a walk of the table itself, read in one transaction (one
 * snapshot of the table, as a single statement has) unless the caller is in one already. The
 * caller writes nothing on this connection until the walk ends. A big table mostly on disk is read
 * ahead on another thread meanwhile (read-ahead.ts).
 */
export function* rowidBatches(sqlite: Database, table: string, columns: string): Generator<unknown[][]> {
  const stmt = sqlite
    .prepare(`SELECT ${columns}, rowid FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT ${ROWID_BATCH}`)
    .raw();
  // Decided before the transaction opens: nothing between BEGIN and the try that ends it can throw.
  const ahead = readAhead(sqlite, table);
  const own = !sqlite.inTransaction;
  if (own) sqlite.prepare('BEGIN').run();
  try {
    let after = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const rows = stmt.all(after) as unknown[][];
      if (rows.length === 0) return;
      yield rows;
      const last = rows[rows.length - 1];
      after = last[last.length - 1] as number;
    }
  } finally {
    ahead.stop();
    if (own && sqlite.inTransaction) sqlite.prepare('COMMIT').run();
  }
}
