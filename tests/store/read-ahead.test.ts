/**
 * The read-ahead of a big table on another thread (store/read-ahead.ts): a hint for a cold disk
 * cache, whose gain the scale bench measures ("O2R full pass after a restart, cold disk cache").
 * These tests hold what must never change for a user: a table in the OS cache (as one just
 * written is) and a small table start no thread; a big table's scan runs to its end on a real
 * worker thread with its own connection while a walk of the table reads every row; a scan that
 * fails or is stopped changes nothing the walk reads. A test cannot empty the OS cache (that
 * needs root and touches the whole machine), so the scans are started with `evenWhenCached`.
 * Real SQLite files, real worker threads.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { READ_AHEAD_MIN_ROWS, mostlyOnDisk, readAhead } from '../../src-main/core/store/read-ahead';
import { rowidBatches } from '../../src-main/core/store/rowid-batches';
import { tempDir } from '../helpers/temp-dir';

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/** A real SQLite file in WAL mode (as the store opens it). */
function file(): Database.Database {
  const sqlite = new Database(path.join(tempDir('pulse-read-ahead-'), 'rows.sqlite'));
  sqlite.pragma('journal_mode = WAL');
  open.push(sqlite);
  return sqlite;
}

const fill = (sqlite: Database.Database, table: string, n: number) =>
  sqlite.exec(
    `CREATE TABLE ${table} (id TEXT PRIMARY KEY, v INTEGER);
     WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ${n})
     INSERT INTO ${table} (id, v) SELECT 'd' || i, i FROM k;`,
  );

describe('reading a big table ahead on another thread', () => {
  it('scans a big table to its end while the walk reads every row once, in order', async () => {
    const sqlite = file();
    fill(sqlite, 'big', READ_AHEAD_MIN_ROWS + 5_000);
    const ahead = readAhead(sqlite, 'big', true);
    let rows = 0;
    let last = 0;
    let ordered = true;
    for (const batch of rowidBatches(sqlite, 'big', 'v'))
      for (const [v] of batch) {
        ordered &&= (v as number) === last + 1;
        last = v as number;
        rows++;
      }
    expect(rows).toBe(READ_AHEAD_MIN_ROWS + 5_000);
    expect(ordered).toBe(true);
    expect(await ahead.ended).toBe('finished');
  }, 30_000);

  it('starts no thread for a table in the OS cache, a small table or a database in memory', async () => {
    const sqlite = file();
    fill(sqlite, 'big', READ_AHEAD_MIN_ROWS + 1); // just written: its pages are in the OS cache
    expect(mostlyOnDisk(sqlite, 'big', READ_AHEAD_MIN_ROWS + 1)).toBe(false);
    expect(await readAhead(sqlite, 'big').ended).toBe('skipped');
    fill(sqlite, 'small', 1_000);
    expect(await readAhead(sqlite, 'small', true).ended).toBe('skipped');
    const memory = new Database(':memory:');
    open.push(memory);
    fill(memory, 'big', READ_AHEAD_MIN_ROWS + 1);
    expect(await readAhead(memory, 'big', true).ended).toBe('skipped');
  });

  it('a scan that fails (the table is not on disk yet) leaves the walk reading every row', async () => {
    const sqlite = file();
    sqlite.exec('BEGIN');
    fill(sqlite, 'fresh', READ_AHEAD_MIN_ROWS + 1); // uncommitted: the worker's connection cannot see it
    const ahead = readAhead(sqlite, 'fresh', true);
    expect(await ahead.ended).toBe('failed');
    expect([...rowidBatches(sqlite, 'fresh', 'id')].flat()).toHaveLength(READ_AHEAD_MIN_ROWS + 1);
    sqlite.exec('COMMIT');
  }, 30_000);

  it('stopping a scan ends its thread', async () => {
    const sqlite = file();
    fill(sqlite, 'big', READ_AHEAD_MIN_ROWS + 1);
    const ahead = readAhead(sqlite, 'big', true);
    ahead.stop();
    expect(await ahead.ended).toBe('stopped');
  }, 30_000);
});
