import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ROWID_BATCH, rowidBatches } from '../../src-main/core/store/rowid-batches';
import { tempDir } from '../helpers/temp-dir';

/** A real SQLite file in WAL mode (as the store opens it) with `n` rows, some deleted. */
function tableWithGaps(n: number) {
  const sqlite = new Database(path.join(tempDir(), 'rows.sqlite'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.exec('CREATE TABLE t (id TEXT PRIMARY KEY, v INTEGER)');
  const insert = sqlite.prepare('INSERT INTO t (id, v) VALUES (?, ?)');
  sqlite.transaction(() => {
    for (let i = 1; i <= n; i++) insert.run(`d${i}`, i);
  })();
  // Gaps in the rowids, one of them right at a batch's edge.
  sqlite.prepare('DELETE FROM t WHERE v % 7 = 0 OR v = ?').run(ROWID_BATCH);
  return sqlite;
}

describe('reading every row of a table in rowid batches (real SQLite file)', () => {
  it('reads each row once, in rowid order, across gaps and batch edges, with its rowid last', () => {
    const sqlite = tableWithGaps(3 * ROWID_BATCH + 17);
    const want = sqlite.prepare('SELECT id, v, rowid FROM t ORDER BY rowid').raw().all();
    const got = [...rowidBatches(sqlite, 't', 'id, v')].flat();
    expect(got).toEqual(want);
    expect(sqlite.inTransaction).toBe(false);
  });

  it('reads one snapshot: a write from another connection during the walk is not half seen', () => {
    const sqlite = tableWithGaps(2 * ROWID_BATCH);
    const other = new Database(sqlite.name);
    const before = sqlite.prepare('SELECT count(*) FROM t').pluck().get() as number;
    let rows = 0;
    let first = true;
    for (const batch of rowidBatches(sqlite, 't', 'id')) {
      rows += batch.length;
      if (first) other.prepare("INSERT INTO t (id, v) VALUES ('late', 99999)").run();
      first = false;
    }
    expect(rows).toBe(before);
    expect(sqlite.prepare('SELECT count(*) FROM t').pluck().get()).toBe(before + 1);
  });

  it('a walk left early ends its read transaction (writers are not kept waiting); a caller’s own transaction is left to it', () => {
    const sqlite = tableWithGaps(2 * ROWID_BATCH);
    for (const batch of rowidBatches(sqlite, 't', 'id')) {
      expect(batch.length).toBe(ROWID_BATCH);
      break;
    }
    expect(sqlite.inTransaction).toBe(false);
    sqlite.prepare('BEGIN').run();
    expect([...rowidBatches(sqlite, 't', 'id')].flat().length).toBeGreaterThan(ROWID_BATCH);
    expect(sqlite.inTransaction).toBe(true);
    sqlite.prepare('COMMIT').run();
  });
});
