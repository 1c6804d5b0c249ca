import fs from 'node:fs';
import Database from 'better-sqlite3';

/**
 * Damages one table of a closed SQLite file the way a failing disk or a bad copy does: the first
 * bytes of its root page (the b-tree page header) are overwritten, so SQLite reports "database
 * disk image is malformed" when that table is read, while the rest of the file still reads.
 */
export function damageTable(file: string, table: string): void {
  const db = new Database(file, { readonly: true });
  const root = db.prepare('SELECT rootpage FROM sqlite_schema WHERE name = ?').pluck().get(table) as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  if (!root) throw new Error(`no table ${table}`);
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, (root - 1) * pageSize);
  fs.closeSync(fd);
}

/** Overwrites the whole file header: the file no longer looks like a database at all. */
export function damageHeader(file: string): void {
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.from('{"oops": "this is not a database"}\n'), 0, undefined, 0);
  fs.closeSync(fd);
}

/** Rows of a table, read without the app (the table itself must be intact). */
export function rowsOf(file: string, sql: string): unknown[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}
